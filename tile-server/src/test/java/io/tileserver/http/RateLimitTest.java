package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-client rate limits: tiles built from the data and wrong admin tokens are counted per client
 * address; past the budget the answer is a JSON 429 with Retry-After, while cache hits and other
 * clients are served as before.
 */
class RateLimitTest {
  static final String TOKEN = "a-long-enough-admin-token";
  static final String CONFIG = """
      server:
        port: 0
      database:
        url: ${DATABASE_URL}
      admin:
        enabled: true
        token: %s
      rate-limit:
        uncached-per-second: 2
        uncached-burst: 10
        admin-failures-per-minute: 3
      sources:
        listings:
          kind: cluster
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
      """.formatted(TOKEN);

  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    db = ListingDatabase.fresh("rate_limit", 3, 2_000);
    server = TestServer.start(db, CONFIG);
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A client on another loopback address: another budget. */
  private static HttpResponse<byte[]> getFrom(String address, String path, String... headers) throws Exception {
    return getFrom(server, address, path, headers);
  }

  private static HttpResponse<byte[]> getFrom(TestServer server, String address, String path, String... headers)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName(address))
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aClientBuildingTooManyTilesGets429WhileHitsAndOtherClientsAreServed() throws Exception {
    String cached = "/tiles/listings/2/0/1.pbf?minPrice=1";
    assertThat(getFrom("127.0.0.5", cached).statusCode()).isIn(200, 204);

    List<Integer> statuses = new ArrayList<>();
    HttpResponse<byte[]> refused = null;
    for (int i = 0; i < 40; i++) {
      HttpResponse<byte[]> r = getFrom("127.0.0.5", "/tiles/listings/2/0/1.pbf?minPrice=" + (1000 + i));
      statuses.add(r.statusCode());
      if (r.statusCode() == 429) {
        refused = r;
      }
    }
    // A burst of 10 (one spent above) and 2 a second: at most a handful more while 40 are sent.
    assertThat(statuses.stream().filter(s -> s == 429).count()).as(statuses.toString()).isGreaterThanOrEqualTo(20);
    assertThat(refused).isNotNull();
    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
    JsonObject body = new JsonObject(new String(refused.body(), StandardCharsets.UTF_8));
    assertThat(body.getString("error")).isEqualTo("too_many_requests");
    assertThat(body.getString("hint")).contains("rate-limit.uncached-per-second");

    assertThat(getFrom("127.0.0.5", cached).statusCode()).as("a cache hit is not counted").isIn(200, 204);
    assertThat(getFrom("127.0.0.6", "/tiles/listings/2/0/1.pbf?minPrice=99").statusCode())
        .as("another client has its own budget").isIn(200, 204);
    assertThat(new String(server.get("/metrics").body(), StandardCharsets.UTF_8))
        .contains("rate_limited_total{limit=\"rate-limit.uncached-per-second\"");
  }

  @Test
  void sharedBucketsMakeTwoInstancesOneBudget() throws Exception {
    String shared = """
        server: {port: 0}
        database: {url: "${DATABASE_URL}"}
        schema: {migrate-on-start: false}
        redis: {url: "%s", key-prefix: "rate-limit-test-%d:"}
        rate-limit: {shared: true, uncached-per-second: 1, uncached-burst: 6}
        sources:
          listings:
            kind: cluster
            filters:
              minPrice: {column: price, op: ">=", type: number, min: 0}
        """.formatted(TestServices.redisUrl(), System.nanoTime());
    try (TestServer a = TestServer.start(db, shared); TestServer b = TestServer.start(db, shared)) {
      a.awaitReady(Duration.ofSeconds(60));
      b.awaitReady(Duration.ofSeconds(60));
      for (int i = 0; i < 6; i++) {
        assertThat(getFrom(a, "127.0.0.9", "/tiles/listings/2/0/1.pbf?minPrice=" + (5000 + i)).statusCode())
            .as("within the burst, on A").isIn(200, 204);
      }
      long refusedByB = 0;
      for (int i = 0; i < 6; i++) {
        if (getFrom(b, "127.0.0.9", "/tiles/listings/2/0/1.pbf?minPrice=" + (6000 + i)).statusCode() == 429) {
          refusedByB++;
        }
      }
      // B's own bucket would have let all six through; the shared one refills one a second.
      assertThat(refusedByB).as("refused by B after the burst was spent on A").isGreaterThanOrEqualTo(3);
      assertThat(getFrom(b, "127.0.0.10", "/tiles/listings/2/0/1.pbf?minPrice=7000").statusCode())
          .as("another client").isIn(200, 204);
    }
  }

  @Test
  void wrongAdminTokensAreCountedUntilEvenTheRightOneIsRefused() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(getFrom("127.0.0.7", "/admin/cache", "Authorization", "Bearer wrong-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<byte[]> blocked = getFrom("127.0.0.7", "/admin/cache", "Authorization", "Bearer " + TOKEN);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(getFrom("127.0.0.8", "/admin/cache", "Authorization", "Bearer " + TOKEN).statusCode())
        .as("another client with the right token").isEqualTo(200);
  }
}
