package io.tileserver.source.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.source.Deadline;
import io.tileserver.testing.PrivateServices;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routing decision against a real primary and streaming replica: which server answered is
 * {@code pg_is_in_recovery()}. The probe runs once (its interval is an hour), so after the replica
 * stops, only the failed read itself can take it out: that read must come back from the primary.
 */
class ReadPoolsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String WHICH = "SELECT pg_is_in_recovery()";

  private static PrivateServices services;
  private static Vertx vertx;
  private static SimpleMeterRegistry registry;
  private static ReadPools reads;

  @BeforeAll
  static void start() {
    assumeTrue(TestServices.usingLocalServices(), "runs a primary and a replica of its own through the local script");
    services = PrivateServices.start("read-pools-test");
    services.startReplica();
    DatabaseUrl replica = services.replica();
    String url = "postgresql://tiles:tiles@" + replica.host() + ":" + replica.port() + "/" + replica.database();
    ServerConfig config = new ConfigLoader(new EnvSubstitution(Map.of("REPLICA", url)::get)).parse("""
        database:
          pool-size: 2
          replicas: ["${REPLICA}"]
          replica-probe-ms: 3600000
        """);
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    reads = ReadPools.create(vertx, "tile-server-postgis", services.database(), config.database(), config.limits(), registry);
  }

  @AfterAll
  static void stop() {
    if (reads != null) {
      Waits.await("the pools close", WAIT, reads.close());
      Waits.await("vert.x closes", WAIT, vertx.close());
    }
    if (services != null) {
      services.close();
    }
  }

  @Test
  void readsGoToTheReplicaAndAReplicaThatDiesUnderAReadCostsNoRead() {
    Pool loadedFrom = Waits.await("an index load picks its pool", WAIT,
        reads.load(pool -> Future.succeededFuture(pool)));
    assertThat(loadedFrom).as("a caught-up replica takes the load").isNotSameAs(reads.primary());
    assertThat(inRecovery()).as("a tile read on the replica").isTrue();
    assertThat(fallbacks()).isZero();

    services.stopReplica();
    assertThat(inRecovery()).as("the read the dead replica failed, answered by the primary").isFalse();
    assertThat(fallbacks()).isEqualTo(1);
    assertThat(reads.status().getJsonObject(name()).getString("status")).isEqualTo("out");
    assertThat(registry.get("tiles_db_replica_up").gauge().value()).isZero();

    assertThat(inRecovery()).as("with no replica in, reads go to the primary").isFalse();
    assertThat(fallbacks()).isEqualTo(2);
    Pool loadedLater = Waits.await("an index load picks its pool", WAIT,
        reads.load(pool -> Future.succeededFuture(pool)));
    assertThat(loadedLater).isSameAs(reads.primary());
  }

  private static boolean inRecovery() {
    return Waits.await("a read", WAIT, reads.query(WHICH, Tuple.tuple(), Deadline.after(System.nanoTime(), 30_000),
        "test read")).iterator().next().getBoolean(0);
  }

  private static double fallbacks() {
    return registry.get("tiles_db_replica_fallbacks").counter().count();
  }

  private static String name() {
    DatabaseUrl replica = services.replica();
    return replica.host() + ":" + replica.port() + "/" + replica.database();
  }
}
