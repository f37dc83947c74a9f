package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.PrivateServices;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under load and started again, with the server left running: tiles it already
 * has and in-memory cluster tiles keep coming, tiles it would have to build are 503 with
 * Retry-After (never a 500, never a hang), and once the database is back it builds them again
 * without a restart.
 */
class PostgresOutageTest {
  static final String CONFIG = """
      server: {port: 0}
      database:
        url: ${DATABASE_URL}
        pool-size: 4
        statement-timeout-ms: 2000
      limits: {request-deadline-ms: 3000}
      rate-limit: {enabled: false}
      sources:
        listings:
          kind: cluster
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
        properties:
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
      """;
  /** Where the generator puts listings: New York at z10. */
  static final String WARM = "/tiles/properties/10/301/385.pbf";

  private static PrivateServices services;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    assumeTrue(TestServices.usingLocalServices(), "stops a PostgreSQL of its own, which the local script provides");
    services = PrivateServices.start("postgres-outage-test");
    DatabaseUrl db = services.database();
    ListingDatabase.load(db, 13, 5_000);
    server = TestServer.start(db, CONFIG);
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (services != null) {
      services.close();
    }
  }

  /** What the background load saw: count by status, and answers that broke the rules. */
  private static final class Observed {
    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();

    void record(String kind, HttpResponse<byte[]> r) {
      counts.computeIfAbsent(kind + " " + r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
      if (r.statusCode() >= 500 && r.statusCode() != 503) {
        violations.add(kind + ": " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
      }
      if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isEmpty()) {
        violations.add(kind + ": 503 without Retry-After");
      }
      if (!kind.equals("cold") && r.statusCode() != 200 && r.statusCode() != 204) {
        violations.add(kind + " tile: " + r.statusCode());
      }
    }
  }

  @Test
  void tilesOutliveAnOutageAndColdOnesComeBackWithoutARestart() throws Exception {
    assertThat(server.get(WARM).statusCode()).isEqualTo(200);
    Observed observed = new Observed();
    LogVolume logs = LogVolume.capture();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger cold = new AtomicInteger();
    ExecutorService load = Executors.newFixedThreadPool(3);
    for (int t = 0; t < 3; t++) {
      load.submit(() -> {
        while (running.get()) {
          observed.record("warm", server.get(WARM));
          observed.record("cluster", server.get("/tiles/listings/4/4/6.pbf?minPrice=" + cold.incrementAndGet()));
          observed.record("cold", server.get("/tiles/properties/10/301/385.pbf?minPrice=" + cold.incrementAndGet()));
        }
        return null;
      });
    }
    try {
      services.stop();
      HttpResponse<byte[]> refused = server.get("/tiles/properties/10/300/385.pbf");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(new JsonObject(new String(refused.body(), StandardCharsets.UTF_8)).getString("error"))
          .isEqualTo("unavailable");
      assertThat(server.get("/ready").statusCode()).as("not ready without its database").isEqualTo(503);
      assertThat(server.get("/health").statusCode()).as("but alive").isEqualTo(200);

      services.start();
      Waits.until("a cold tile is built again once the database is back", Duration.ofSeconds(60),
          () -> server.get("/tiles/properties/10/302/385.pbf").statusCode() == 200);
    } finally {
      running.set(false);
      load.shutdown();
      assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).as("every load request ended").isTrue();
      logs.stop();
    }
    int refused = observed.counts.getOrDefault("cold 503", new AtomicInteger()).get();
    System.out.printf("postgres outage: %s; %d log characters in %d events%n",
        new java.util.TreeMap<>(observed.counts), logs.characters(), logs.events());
    assertThat(observed.violations).as(observed.counts.toString()).isEmpty();
    assertThat(refused).isPositive();
    // The issue measured ~9.5 KB of stack traces per 503; now each kind of failure is logged at
    // most once a second, without Caffeine's own copy.
    assertThat(logs.characters()).as("log characters for %d refusals", refused).isLessThan(1_000L * refused);
  }

}
