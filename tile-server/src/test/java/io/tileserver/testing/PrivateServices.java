package io.tileserver.testing;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.TestServices.ProcessRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL+PostGIS and Redis of a test's own, run by {@code deploy/local/services.sh} with a
 * private state folder and free ports, so the test may stop and start them without touching the
 * services every other test uses; on request, a streaming hot standby of that PostgreSQL too.
 */
public final class PrivateServices implements AutoCloseable {
  private final String script;
  private final Map<String, String> env;
  private final int pgPort;
  private final int redisPort;
  private final int replicaPort;

  /** Starts them (an earlier run's leftovers under {@code name} are stopped and removed first). */
  public static PrivateServices start(String name) {
    PrivateServices services = new PrivateServices(name);
    services.run("stop");
    TestServices.run("rm", "-rf", services.env.get("TILES_LOCAL_DIR"));
    services.start();
    return services;
  }

  private PrivateServices(String name) {
    script = TestServices.projectRoot().resolve("deploy/local/services.sh").toString();
    Path state = TestServices.projectRoot().resolve("tile-server/target/" + name);
    Set<Integer> given = new HashSet<>();
    pgPort = freePort(given);
    redisPort = freePort(given);
    replicaPort = freePort(given);
    env = Map.of("TILES_LOCAL_DIR", state.toString(), "TILES_PG_PORT", String.valueOf(pgPort),
        "TILES_REDIS_PORT", String.valueOf(redisPort), "TILES_PG_REPLICA_PORT", String.valueOf(replicaPort));
  }

  public void start() {
    run("start").expectSuccess();
  }

  /** Starts (or starts again) the standby, copying the PostgreSQL the first time. */
  public void startReplica() {
    run("start-replica").expectSuccess();
  }

  /** Stops the standby (fast shutdown: its open connections are cut). */
  public void stopReplica() {
    run("stop-replica").expectSuccess();
  }

  /** Stops the PostgreSQL alone (fast shutdown), the standby and Redis left running; {@link #start} brings it back. */
  public void stopPrimary() {
    run("stop-primary").expectSuccess();
  }

  /** Stops both services and the standby (fast shutdown: open connections are cut, as in an outage). */
  public void stop() {
    run("stop").expectSuccess();
  }

  public DatabaseUrl database() {
    return new DatabaseUrl("127.0.0.1", pgPort, "tiles", "tiles", "tiles");
  }

  /** The standby, with the same database and credentials as {@link #database()}. */
  public DatabaseUrl replica() {
    return new DatabaseUrl("127.0.0.1", replicaPort, "tiles", "tiles", "tiles");
  }

  public String redisUrl() {
    return "redis://127.0.0.1:" + redisPort;
  }

  private ProcessRun run(String command) {
    return ProcessRun.of(env, "bash", script, command);
  }

  /**
   * A loopback port nothing listens on, not in {@code given} (which it joins), and below the kernel's
   * ephemeral range (32768 up), where {@code bind(0)} takes its ports: one taken that way by any
   * other process between this choice and the service's start would fail the start.
   */
  private static int freePort(Set<Integer> given) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      if (given.contains(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        given.add(port);
        return port;
      } catch (IOException inUse) {
        // Taken: try another.
      }
    }
    throw new IllegalStateException("no free loopback port in 20000-31999 after 200 tries");
  }

  @Override
  public void close() {
    run("stop");
  }
}
