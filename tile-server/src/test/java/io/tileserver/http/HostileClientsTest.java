package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a hostile or broken client gets: every malformed request a JSON error (never a 500, never
 * silence), slow and idle connections closed, connections bounded, forwarded headers believed only
 * from trusted proxies, a request nobody answers in time answered 503, and the headers every
 * response carries.
 */
class HostileClientsTest {
  static final String CONFIG = """
      server:
        port: 0
        trusted-proxies: [127.0.0.2]
      database:
        url: ${DATABASE_URL}
        statement-timeout-ms: 5000
      limits:
        header-timeout-ms: 400
        # Longer than any wait here: the header deadline, not the idle timer, must close slow heads.
        idle-timeout-seconds: 30
        max-connections: 12
        request-deadline-ms: 1500
      sources:
        listings:
          kind: cluster
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
            beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
        properties:
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
        slow_tile: {function: slow_tile}
      """;

  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException, IOException {
    db = ListingDatabase.fresh("hostile", 5, 5_000);
    TestServer.installFunctions(db);
    server = TestServer.start(db, CONFIG);
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static int port() {
    return server.app().port();
  }

  private static JsonObject errorBody(RawHttp.Response r) {
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getString("detail")).isNotBlank();
    assertThat(body.getString("hint")).isNotBlank();
    assertThat(body.getString("request_id")).isEqualTo(r.header("X-Request-Id"));
    return body;
  }

  @Test
  void anAcceptEncodingOfEmptyElementsIsServedOnAMissAndOnAHit() {
    String tile = "/tiles/listings/9/150/192.pbf?minPrice=4242";
    for (String level : List.of("MISS", "HIT")) {
      HttpResponse<byte[]> r = server.get(tile, "Accept-Encoding", ";");
      assertThat(r.statusCode()).as(level).isIn(200, 204);
      assertThat(r.headers().firstValue("X-Cache")).hasValue(level);
      assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "bad percent-encoding in the query | GET /tiles/listings/3/2/3.pbf?beds=% HTTP/1.1\\r\\nHost: t\\r\\n    | 400",
    "bad percent-encoding in the path  | GET /ti%ZZles/listings/3/2/3.pbf HTTP/1.1\\r\\nHost: t\\r\\n       | 400",
    "a Host that is not a host         | GET /health HTTP/1.1\\r\\nHost: a b\\r\\n                            | 400",
    "no Host at all                    | GET /catalog HTTP/1.1\\r\\n                                         | 400",
    "a cluster id beyond a long        | GET /tiles/listings/clusters/9223372036854775808 HTTP/1.1\\r\\nHost: t\\r\\n | 400",
    "a non-ASCII digit as z            | GET /tiles/listings/%D9%A3/0/0.pbf HTTP/1.1\\r\\nHost: t\\r\\n      | 400",
    "a leading zero in z               | GET /tiles/listings/03/0/0.pbf HTTP/1.1\\r\\nHost: t\\r\\n          | 400",
    "not HTTP at all                   | \\u0016\\u0003\\u0001 garbage\\r\\n                                 | 400",
    "an HTTP version nobody speaks     | GET /health HTTP/9.9\\r\\nHost: t\\r\\n                          | 400",
    "an Accept of empty elements       | GET /tiles/listings/3/2/3.pbf HTTP/1.1\\r\\nHost: t\\r\\nAccept: ;;;\\r\\n | 406",
    "a method nothing serves           | DELETE /tiles/listings/3/2/3.pbf HTTP/1.1\\r\\nHost: t\\r\\n        | 405",
  })
  void malformedRequestsGetAJsonError(String what, String head, int status) {
    RawHttp.Response r = RawHttp.exchange(port(), unescape(head) + "\r\n");
    assertThat(r.status()).as(what).isEqualTo(status);
    errorBody(r);
  }

  @Test
  void aNonUrlOriginIsServedLikeAnyOther() {
    HttpResponse<byte[]> r = server.get("/tiles/listings/3/2/3.pbf", "Origin", "file://");
    assertThat(r.statusCode()).isIn(200, 204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
  }

  @Test
  void anOverlongRequestLineIs414AndOversizedHeaders431InTheErrorShape() {
    RawHttp.Response longLine = RawHttp.exchange(port(),
        "GET /tiles/listings/0/0/0.pbf?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(longLine.status()).isEqualTo(414);
    errorBody(longLine);
    RawHttp.Response bigHeaders = RawHttp.exchange(port(),
        "GET /health HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
    assertThat(bigHeaders.status()).isEqualTo(431);
    errorBody(bigHeaders);
  }

  @Test
  void aRequestWithABodyIsRefusedAndNothingPipelinedBehindItIsServed() {
    try (RawHttp http = new RawHttp(port())) {
      // The second request hides in what a Content-Length reader would take as the first one's body.
      http.send("GET /health HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "0\r\n\r\nGET /catalog HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttp.Response r = http.read(10_000);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
      errorBody(r);
      assertThat(http.closedWithin(5_000)).as("closed with nothing more sent").isTrue();
    }
  }

  @Test
  void aClientThatSendsNothingIsDisconnected() {
    try (RawHttp http = new RawHttp(port())) {
      assertThat(http.closedWithin(5_000)).isTrue();
    }
  }

  @Test
  void aClientDrippingItsHeadersIsDisconnected() {
    try (RawHttp http = new RawHttp(port())) {
      String head = "GET /health HTTP/1.1\r\nHost: t\r\nX-Slow: " + "a".repeat(200);
      boolean closed = false;
      for (int i = 0; i < head.length() && !closed; i++) {
        try {
          http.send(head.substring(i, i + 1));
        } catch (RuntimeException e) {
          closed = true;
          break;
        }
        // One byte every 50 ms would keep an idle timer from ever firing; 200 bytes take 10 s.
        closed = http.closedWithin(50);
      }
      assertThat(closed).as("closed before the head was complete").isTrue();
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedOnArrival() {
    List<RawHttp> held = new ArrayList<>();
    try {
      // The limit is 12 per process; other tests' connections may come and go meanwhile, so hold
      // more than the limit and expect the excess to be closed at once.
      for (int i = 0; i < 16; i++) {
        held.add(new RawHttp(port()));
      }
      long refused = 0;
      for (RawHttp connection : held) {
        try {
          connection.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
          connection.read(10_000);
        } catch (RuntimeException e) {
          refused++;
        }
      }
      assertThat(refused).as("connections closed without an answer").isGreaterThanOrEqualTo(4);
    } finally {
      held.forEach(RawHttp::close);
    }
    // Once they are gone, new connections are served again.
    Waits.until("a new connection is served", Duration.ofSeconds(10), () -> {
      try {
        return RawHttp.exchange(port(), "GET /health HTTP/1.1\r\nHost: t\r\n\r\n").status() == 200;
      } catch (RuntimeException e) {
        return false;
      }
    });
  }

  @Test
  void forwardedHostFromAnUntrustedPeerIsIgnored() {
    HttpResponse<byte[]> r = server.get("/tiles/listings.json",
        "X-Forwarded-Host", "evil.example, cdn.example.com", "X-Forwarded-Proto", "https");
    String tiles = new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getJsonArray("tiles").getString(0);
    assertThat(tiles).startsWith("http://127.0.0.1:" + port() + "/tiles/listings/");
  }

  @Test
  void forwardedHostFromATrustedProxyIsTheLastOneItWrote() throws Exception {
    // The config trusts 127.0.0.2; the kernel routes all of 127/8 to loopback.
    HttpClient viaProxy = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2"))
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = viaProxy.send(HttpRequest.newBuilder(URI.create(server.base() + "/tiles/listings.json"))
            .header("X-Forwarded-Host", "evil.example, cdn.example.com").header("X-Forwarded-Proto", "https")
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    String tiles = new JsonObject(r.body()).getJsonArray("tiles").getString(0);
    assertThat(tiles).startsWith("https://cdn.example.com/tiles/listings/");
  }

  @Test
  void aRequestNotAnsweredByTheDeadlineIs503WithRetryAfter() {
    HttpResponse<byte[]> r = server.get("/tiles/slow_tile/3/1/1.pbf");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("error")).isEqualTo("unavailable");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    List<HttpResponse<byte[]>> answers = List.of(server.get("/tiles/listings/3/2/3.pbf"), server.get("/catalog"),
        server.get("/tiles/nope/0/0/0.pbf"), server.get("/"));
    for (HttpResponse<byte[]> r : answers) {
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).isPresent();
      assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
    }
  }

  @Test
  void theViewerFolderServesThePageWithItsStyleFilledIn() {
    HttpResponse<byte[]> r = server.get("/viewer/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("%DEFAULT_STYLE%").contains("listings");
  }

  private static String unescape(String s) {
    return s.trim().replace("\\r", "\r").replace("\\n", "\n")
        .replace("\\u0016", "\u0016").replace("\\u0003", "\u0003").replace("\\u0001", "\u0001");
  }
}
