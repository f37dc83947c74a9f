package io.tileserver.testing;

import io.tileserver.config.DatabaseUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real PostgreSQL+PostGIS and Redis for integration tests, found in this order: {@code DATABASE_URL}
 * and {@code REDIS_URL} from the environment; Testcontainers when {@code -Dtest.containers=true}
 * (needs a Docker engine); otherwise the project's own {@code deploy/local/services.sh}, started here
 * if it is not running. Each test class gets a database of its own from {@link #freshDatabase}.
 */
public final class TestServices {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static Map<String, String> env;

  private TestServices() {}

  /** The repository root (surefire passes it; the working directory is the module otherwise). */
  public static Path projectRoot() {
    return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  }

  public static synchronized DatabaseUrl database() {
    return DatabaseUrl.parse(environment().get("DATABASE_URL"));
  }

  public static synchronized String redisUrl() {
    return environment().get("REDIS_URL");
  }

  /** True when services come from the project's script (the path CI takes). */
  public static boolean usingLocalServices() {
    return System.getenv("DATABASE_URL") == null && !Boolean.getBoolean("test.containers");
  }

  /**
   * Creates an empty database (PostGIS available) named after the caller and returns its URL. The
   * first call drops the test databases of earlier runs whose JVM has gone, so they do not pile up.
   */
  public static DatabaseUrl freshDatabase(String purpose) {
    DatabaseUrl main = database();
    dropLeftoversOnce(main);
    String name =
        ("t_" + purpose + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
            .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    try (Connection c = DriverManager.getConnection(main.jdbcUrl(), main.jdbcProperties());
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    DatabaseUrl fresh = new DatabaseUrl(main.host(), main.port(), name, main.user(), main.password());
    try (Connection c = DriverManager.getConnection(fresh.jdbcUrl(), fresh.jdbcProperties());
        Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS postgis");
      st.execute("CREATE EXTENSION IF NOT EXISTS btree_gist");
    } catch (SQLException e) {
      throw new IllegalStateException("PostGIS is not available in " + name + ": " + e.getMessage(), e);
    }
    return fresh;
  }

  private static boolean leftoversDropped;

  private static synchronized void dropLeftoversOnce(DatabaseUrl main) {
    if (leftoversDropped) {
      return;
    }
    leftoversDropped = true;
    try (Connection c = DriverManager.getConnection(main.jdbcUrl(), main.jdbcProperties());
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname ~ '^t_.*_[0-9]+_[0-9]+$'")) {
      List<String> stale = new ArrayList<>();
      while (rs.next()) {
        String name = rs.getString(1);
        String[] parts = name.split("_");
        long pid = Long.parseLong(parts[parts.length - 2]);
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        stale.add(name);
      }
      for (String name : stale) {
        try {
          st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException busy) {
          // FORCE cannot end another role's backend (an autovacuum worker, say): a later run drops it.
          System.err.println("leftover test database " + name + " kept for now: " + busy.getMessage());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop leftover test databases: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> environment() {
    if (env == null) {
      if (System.getenv("DATABASE_URL") != null) {
        env = Map.of("DATABASE_URL", System.getenv("DATABASE_URL"),
            "REDIS_URL", System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"));
      } else if (Boolean.getBoolean("test.containers")) {
        env = containers();
      } else {
        env = localServices();
      }
    }
    return env;
  }

  /** Runs {@code services.sh start}, then reads its {@code env} output. */
  private static Map<String, String> localServices() {
    Path script = projectRoot().resolve("deploy/local/services.sh");
    run(script.toString(), "start");
    Map<String, String> vars = new HashMap<>();
    for (String line : run(script.toString(), "env").split("\n")) {
      if (line.startsWith("export ")) {
        String[] kv = line.substring(7).split("=", 2);
        vars.put(kv[0], kv[1]);
      }
    }
    return vars;
  }

  @SuppressWarnings("resource") // containers live as long as the test JVM; Ryuk removes them
  private static Map<String, String> containers() {
    PostgreSQLContainer pg =
        new PostgreSQLContainer(DockerImageName.parse("postgis/postgis:15-3.4").asCompatibleSubstituteFor("postgres"))
            .withDatabaseName("tiles").withUsername("tiles").withPassword("tiles");
    pg.start();
    GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
    redis.start();
    return Map.of(
        "DATABASE_URL", "postgresql://tiles:tiles@" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/tiles",
        "REDIS_URL", "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
  }

  /** Runs a command, returning stdout; fails with its output when it exits non-zero. */
  public static String run(String... command) {
    return ProcessRun.of(Map.of(), command).expectSuccess().stdout();
  }

  /** The outcome of a finished process. */
  public record ProcessRun(int exitCode, String stdout, String stderr) {
    public static ProcessRun of(Map<String, String> extraEnv, String... command) {
      try {
        // Output goes to files: reading two pipes one after the other can deadlock.
        Path out = Files.createTempFile("run", ".out");
        Path err = Files.createTempFile("run", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 minutes");
        }
        ProcessRun run = new ProcessRun(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
      } catch (IOException e) {
        throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    public ProcessRun expectSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException("exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return this;
    }
  }
}
