package io.tileserver.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.testing.Waits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Three replicas behind the nginx edge restart one after another, each the way SIGTERM stops it
 * ({@code drainAndClose}: out of rotation, drain, finish what is in flight) and back on its port,
 * while clients keep asking for tiles no one asked for before, so every request reaches a replica.
 * Not one request may fail: what a stopping replica does not take, the edge retries on another.
 */
class RollingRestartTest {
  private static final String CONFIG = """
      database:
        url: ${DATABASE_URL}
        pool-size: 4
      shutdown: {drain-ms: 500, timeout-ms: 10000}
      # All the load comes from one address, the edge's: this test is about restarts, not the limiter.
      rate-limit: {enabled: false}
      sources:
        properties:
          filters:
      """ + CdnFixtures.FILTERS;

  /** Tile requests the replica answered, from its own /metrics. */
  private static double tilesServed(TestServer replica) {
    double served = 0;
    for (String line : new String(replica.get("/metrics").body(), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("tiles_requests_total{")) {
        served += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return served;
  }

  @Test
  void noRequestFailsWhileEachReplicaInTurnDrainsAndComesBack() throws Exception {
    DatabaseUrl db = CdnFixtures.database("rolling", 20_000);
    int[] ports = {Edge.freePort(), Edge.freePort(), Edge.freePort()};
    TestServer[] replicas = new TestServer[ports.length];
    for (int i = 0; i < ports.length; i++) {
      replicas[i] = TestServer.start(db, CONFIG, ports[i]);
    }
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    Map<Integer, String> examples = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try (Edge edge = Edge.start(ports)) {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < 6; c++) {
        running.add(clients.submit(() -> {
          while (loading.get()) {
            // A price floor no other request used: a miss at the edge and in the replica's L1.
            long n = sent.incrementAndGet();
            String tile = "/tiles/properties/12/" + (1204 + n % 4) + "/" + (1540 + n / 4 % 4) + ".pbf?minPrice=" + n;
            try {
              HttpResponse<byte[]> response = edge.get(tile);
              if (response.statusCode() >= 300) {
                failures.merge(Integer.toString(response.statusCode()), 1, Integer::sum);
                examples.putIfAbsent(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
              }
            } catch (IllegalStateException e) {
              failures.merge(e.getMessage(), 1, Integer::sum);
            }
          }
        }));
      }
      for (int i = 0; i < replicas.length; i++) {
        long before = sent.get();
        Waits.await("replica " + i + " drains and stops", Duration.ofMinutes(1), replicas[i].app().drainAndClose());
        replicas[i] = TestServer.start(db, CONFIG, ports[i]);
        replicas[i].awaitReady(Duration.ofMinutes(1));
        assertThat(sent.get() - before).as("requests sent while replica %d restarted", i).isPositive();
        // As a rolling update waits before stopping the next one (minReadySeconds): the edge left
        // the refusing replica out for its fail_timeout and must have taken it back first.
        TestServer back = replicas[i];
        Waits.until("the edge sends tiles to replica " + i + " again", Duration.ofSeconds(30),
            () -> tilesServed(back) > 0);
      }
      loading.set(false);
      for (Future<?> client : running) {
        client.get(1, TimeUnit.MINUTES);
      }
      assertThat(new TreeMap<>(failures)).as("failed requests out of %d, e.g. %s", sent.get(), examples).isEmpty();
    } finally {
      loading.set(false);
      clients.shutdownNow();
      for (TestServer replica : replicas) {
        replica.close();
      }
    }
  }
}
