package io.tileserver.source.postgis;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import io.tileserver.source.Deadline;
import io.tileserver.source.TileSource;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh database loaded with fixture files from {@code src/test/resources/fixtures/}, a Vert.x
 * instance and the pools built by {@link ReadPools} from a YAML config, as the server builds them.
 */
final class FixtureDatabase implements AutoCloseable {
  /** Discovery and tiles answer within the statement timeout; a minute means something hangs. */
  private static final Duration WAIT = Duration.ofMinutes(1);
  final DatabaseUrl url;
  private final Vertx vertx = Vertx.vertx();
  private ReadPools reads;

  private FixtureDatabase(DatabaseUrl url) {
    this.url = url;
  }

  static FixtureDatabase create(String purpose, String... fixtures) {
    FixtureDatabase db = new FixtureDatabase(TestServices.freshDatabase(purpose));
    for (String fixture : fixtures) {
      db.execute(fixture(fixture));
    }
    return db;
  }

  static String fixture(String name) {
    try (InputStream in = FixtureDatabase.class.getResourceAsStream("/fixtures/" + name + ".sql")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name + ".sql");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void execute(String sql) {
    try {
      TestSql.execute(url, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  long count(String sql) {
    try {
      return TestSql.count(url, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Binds {@code yaml} the way the server does; {@code ${DB}} in it is this database's URL. */
  ServerConfig config(String yaml) {
    String dbUrl = "postgresql://" + url.user() + ":" + url.password() + "@" + url.host() + ":" + url.port() + "/"
        + url.database();
    return new ConfigLoader(new EnvSubstitution(Map.of("DB", dbUrl)::get)).parse(yaml);
  }

  /** The pools for {@code config}, created on first use and kept (one per test class). */
  ReadPools reads(ServerConfig config) {
    if (reads == null) {
      reads = ReadPools.create(vertx, "tile-server-postgis", url, config.database(), config.limits(), new SimpleMeterRegistry());
    }
    return reads;
  }

  /** Discovers the sources of {@code yaml}, blocking (tests never run on an event loop). */
  List<TileSource> discover(String yaml) {
    ServerConfig config = config(yaml);
    return Waits.await("source discovery", WAIT, PostgisSources.discover(reads(config), config));
  }

  /** Discovery with nothing configured but the database: every table and function is published. */
  List<TileSource> discoverAll() {
    return discover("database:\n  url: ${DB}\n");
  }

  static TileSource source(List<TileSource> sources, String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no source " + id + " in " + sources.stream().map(TileSource::id).toList()));
  }

  static byte[] tile(TileSource source, int z, int x, int y, FilterSet filters) {
    return Waits.await("tile " + z + "/" + x + "/" + y + " of " + source.id(), WAIT,
        source.getTile(new TileCoord(z, x, y), filters, unhurried()));
  }

  /** A deadline no fixture query comes near. */
  static Deadline unhurried() {
    return Deadline.after(System.nanoTime(), 60_000);
  }

  /** The query as the HTTP layer parses it for a pass-through source: every parameter as text. */
  static FilterSet passThrough(Map<String, List<String>> query) {
    Map<String, FilterSpec> accepted = new HashMap<>();
    query.keySet().forEach(name ->
        accepted.put(name, new FilterSpec(name, FilterOp.EQ, FilterType.TEXT, null, null, null, null)));
    return FilterSet.parse(accepted, query);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
