package io.tileserver.cdn;

import static io.tileserver.cdn.CdnFixtures.DENSE;
import static io.tileserver.cdn.CdnFixtures.header;
import static io.tileserver.cdn.CdnFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tileserver.http.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API behind its bearer token: purges (with the CDN hook) and cache statistics. */
class AdminApiTest {
  private static final String TOKEN = "test-admin-token-0123456789";
  private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
  /** A tile of the same source far from DENSE, which purging DENSE must leave cached. */
  private static final String OTHER = "/tiles/properties/10/163/357.pbf";

  /** What the fake CDN received: the query's keys, the Surrogate-Key header, the body, the auth header. */
  record Purge(String queryKeys, String surrogateKey, String body, String authorization) {}

  private static final BlockingQueue<Purge> PURGES = new LinkedBlockingQueue<>();
  private static HttpServer cdn;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException, IOException {
    cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cdn.createContext("/purge", exchange -> {
      String query = exchange.getRequestURI().getRawQuery();
      PURGES.add(new Purge(URLDecoder.decode(query.substring("keys=".length()), StandardCharsets.UTF_8),
          exchange.getRequestHeaders().getFirst("Surrogate-Key"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
          exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    cdn.start();
    server = TestServer.start(CdnFixtures.database("cdn_admin", 20_000), """
        server:
          port: 0
        database:
          url: ${DATABASE_URL}
          pool-size: 4
        invalidation:
          max-tiles: 50
        admin:
          enabled: true
          token: %s
          purge-hook:
            url: http://127.0.0.1:%d/purge?keys={keys}
            headers: {Authorization: "Bearer cdn-secret"}
        sources:
          properties:
            filters:
        %s
        """.formatted(TOKEN, cdn.getAddress().getPort(), CdnFixtures.FILTERS.indent(4)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (cdn != null) {
      cdn.stop(0);
    }
  }

  private static Purge nextPurge() throws InterruptedException {
    Purge purge = PURGES.poll(10, TimeUnit.SECONDS);
    assertThat(purge).as("a purge call reached the CDN").isNotNull();
    return purge;
  }

  @Test
  void withoutTheTokenOrWithAWrongOneTheAnswerIs401() {
    for (String[] auth : List.of(new String[0], new String[] {"Authorization", "Bearer wrong-token-of-some-length"},
        new String[] {"Authorization", "Basic " + TOKEN}, new String[] {"Authorization", "Bearer " + TOKEN + "x"})) {
      HttpResponse<byte[]> r = server.post("/admin/purge/properties", auth);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(header(r, "WWW-Authenticate")).startsWith("Bearer");
      assertThat(json(r).getString("error")).isEqualTo("unauthorized");
    }
    assertThat(server.get("/admin/cache").statusCode()).isEqualTo(401);
  }

  @Test
  void purgingATileRebuildsItEverywhereKeepsOtherTilesAndTellsTheCdn() throws InterruptedException {
    server.get(DENSE + "?beds=2");
    server.get(DENSE);
    server.get(OTHER);
    assertThat(header(server.get(DENSE), "X-Cache")).isEqualTo("HIT");
    long before = CdnFixtures.version(json(server.get("/tiles/properties.json")));
    PURGES.clear();

    JsonObject outcome = json(server.post("/admin/purge/properties/10/301/385", AUTH));

    assertThat(outcome.getBoolean("bumped")).isFalse();
    assertThat(outcome.getInteger("tiles")).isEqualTo(1);
    assertThat(outcome.getString("cdn_purge")).isEqualTo("ok");
    assertThat(outcome.getLong("version")).isGreaterThan(before);
    Purge purge = nextPurge();
    assertThat(purge.queryKeys()).isEqualTo("tile:properties/10/301/385");
    assertThat(purge.surrogateKey()).isEqualTo("tile:properties/10/301/385");
    assertThat(new JsonObject(purge.body()).getJsonArray("tags").getList()).containsExactly("tile:properties/10/301/385");
    assertThat(purge.authorization()).isEqualTo("Bearer cdn-secret");
    assertThat(header(server.get(DENSE), "X-Cache")).isEqualTo("MISS");
    assertThat(header(server.get(DENSE + "?beds=2"), "X-Cache")).as("every filtered variant").isEqualTo("MISS");
    assertThat(header(server.get(OTHER), "X-Cache")).isEqualTo("HIT");
    assertThat(CdnFixtures.version(json(server.get("/tiles/properties.json")))).isEqualTo(outcome.getLong("version"));
  }

  @Test
  void purgingASourceRebuildsAllOfItsTiles() throws InterruptedException {
    server.get(OTHER);
    assertThat(header(server.get(OTHER), "X-Cache")).isEqualTo("HIT");
    PURGES.clear();

    JsonObject outcome = json(server.post("/admin/purge/properties", AUTH));

    assertThat(outcome.getBoolean("bumped")).isTrue();
    assertThat(nextPurge().surrogateKey()).isEqualTo("src:properties");
    assertThat(header(server.get(OTHER), "X-Cache")).isEqualTo("MISS");
  }

  @Test
  void aSmallBboxPurgesItsTilesAndALargeOneBumpsTheVersion() throws InterruptedException {
    PURGES.clear();
    JsonObject small = json(server.post("/admin/purge/properties/bbox?bbox=-74.0,40.7,-73.99,40.71&minzoom=10&maxzoom=12",
        AUTH));
    assertThat(small.getBoolean("bumped")).isFalse();
    assertThat(small.getInteger("tiles")).isBetween(3, 12);
    assertThat(nextPurge().surrogateKey()).contains("tile:properties/10/301/385");

    JsonObject large = json(server.post("/admin/purge/properties/bbox?bbox=-80,35,-70,45&minzoom=0&maxzoom=14", AUTH));
    assertThat(large.getBoolean("bumped")).as("over invalidation.max-tiles").isTrue();
    assertThat(nextPurge().surrogateKey()).isEqualTo("src:properties");
  }

  @Test
  void badPurgesAre400Or404() {
    assertThat(server.post("/admin/purge/nope", AUTH).statusCode()).isEqualTo(404);
    assertThat(server.post("/admin/purge/properties/bbox?bbox=1,2,3", AUTH).statusCode()).isEqualTo(400);
    assertThat(server.post("/admin/purge/properties/bbox", AUTH).statusCode()).isEqualTo(400);
    assertThat(server.post("/admin/purge/properties/bbox?bbox=0,0,1,1&minzoom=40", AUTH).statusCode()).isEqualTo(400);
    assertThat(server.post("/admin/purge/properties/3/9/0", AUTH).statusCode()).isEqualTo(400);
  }

  @Test
  void statsReportL1AndL2AndVersions() {
    server.get(DENSE);
    server.get(DENSE);
    JsonObject stats = json(server.get("/admin/cache", AUTH));
    assertThat(stats.getJsonObject("l1").getLong("entries")).isPositive();
    assertThat(stats.getJsonObject("l1").getLong("bytes")).isPositive();
    assertThat(stats.getJsonObject("l1").getDouble("hit_rate")).isBetween(0.0, 1.0).isPositive();
    assertThat(stats.getString("l2")).isEqualTo("disabled");
    assertThat(stats.getBoolean("versions_shared")).isFalse();
    assertThat(stats.getJsonObject("versions").getJsonObject("properties").getLong("version")).isPositive();
  }
}
