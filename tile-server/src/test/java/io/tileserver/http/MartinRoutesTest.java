package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.mvt.MvtDecoder;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Martin's URL forms beside ours, so a map written for Martin works unchanged: {@code /{ids}} is
 * TileJSON whose tiles are {@code /{ids}/{z}/{x}/{y}}, which answer the same tile as our
 * {@code /tiles/{ids}/{z}/{x}/{y}.pbf}; {@code /_/metrics} is the metrics, and {@code /font},
 * {@code /sprite} and {@code /style} answer as our fonts, sprites and styles. Our own routes keep
 * their paths, and {@code server.martin-routes: false} turns Martin's off.
 */
class MartinRoutesTest {
  private static final String CONFIG = """
      server: {port: 0%s}
      database: {url: "${DATABASE_URL}"}
      schema: {migrate-on-start: false}
      rate-limit: {enabled: false}
      """;
  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    db = TestServices.freshDatabase("martin_routes");
    TestSql.execute(db, """
        CREATE TABLE points (id integer PRIMARY KEY, name text, geom geometry(Point, 4326));
        INSERT INTO points VALUES (1, 'Pike Place', 'SRID=4326;POINT(-122.3421 47.6097)'),
                                  (2, 'Belltown', 'SRID=4326;POINT(-122.3420 47.6150)');
        CREATE TABLE lines (id integer PRIMARY KEY, geom geometry(LineString, 4326));
        INSERT INTO lines VALUES (1, 'SRID=4326;LINESTRING(-122.34 47.61, -122.33 47.615)');
        """);
    server = TestServer.start(db, CONFIG.formatted(""));
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void aMartinTileUrlAnswersTheSameTileAsOurs() {
    HttpResponse<byte[]> martin = server.get("/points,lines/14/2624/5721");
    HttpResponse<byte[]> ours = server.get("/tiles/points,lines/14/2624/5721.pbf");

    assertThat(martin.statusCode()).isEqualTo(200);
    assertThat(martin.headers().firstValue("Content-Type")).hasValue("application/vnd.mapbox-vector-tile");
    assertThat(martin.body()).isEqualTo(ours.body());
    assertThat(new MvtDecoder().decode(martin.body()).layers()).extracting(l -> l.name())
        .containsExactly("points", "lines");
  }

  @Test
  void martinsTileJsonPointsAtMartinsTileUrls() {
    HttpResponse<byte[]> r = server.get("/points");
    JsonObject doc = new JsonObject(text(r));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(doc.getString("tilejson")).isEqualTo("3.0.0");
    assertThat(doc.getJsonArray("tiles").getString(0)).startsWith(server.base() + "/points/{z}/{x}/{y}?v=");
    assertThat(text(server.get("/tiles/points.json"))).contains("/tiles/points/{z}/{x}/{y}.pbf?v=");
  }

  @Test
  void ourOwnPathsStayOursTheCatalogHasMartinsShapeAndMartinsMetricsPathAnswers() {
    JsonObject catalog = new JsonObject(text(server.get("/catalog")));
    assertThat(catalog.getJsonObject("tiles").fieldNames()).contains("points", "lines");
    assertThat(catalog.getJsonObject("fonts").fieldNames()).contains("DejaVu Sans Bold");
    assertThat(catalog.getJsonObject("sprites").getJsonObject("listings").getJsonArray("images"))
        .containsExactlyInAnyOrderElementsOf(new JsonObject(text(server.get("/sprite/listings.json"))).fieldNames());
    assertThat(catalog.getJsonObject("styles").getJsonObject("listings").getString("path"))
        .isEqualTo("/styles/listings.json");
    assertThat(server.get("/health").statusCode()).isEqualTo(200);
    assertThat(text(server.get("/_/metrics"))).contains("tiles_brotli_available");
    assertThat(server.get("/nope/14/2624/5721").statusCode()).isEqualTo(404);
    assertThat(server.get("/points/14/2624/x").statusCode()).isEqualTo(400);
  }

  @Test
  void martinsFontSpriteAndStylePathsAnswerAsOurs() {
    HttpResponse<byte[]> font = server.get("/font/DejaVu%20Sans%20Bold/0-255");
    assertThat(font.statusCode()).isEqualTo(200);
    assertThat(font.body()).isEqualTo(server.get("/fonts/DejaVu%20Sans%20Bold/0-255.pbf").body());
    assertThat(text(server.get("/sprite/listings.json"))).isEqualTo(text(server.get("/sprites/listings.json")));
    assertThat(server.get("/sprite/listings@2x.png").body()).isEqualTo(server.get("/sprites/listings@2x.png").body());
    assertThat(new JsonObject(text(server.get("/style/listings"))))
        .isEqualTo(new JsonObject(text(server.get("/styles/listings.json"))));
  }

  @Test
  void xRewriteUrlFromATrustedProxyIsThePathOfMartinsTileUrlsAndFromAnyoneElseIgnored() {
    try (TestServer proxied = TestServer.start(db, CONFIG.formatted(", trusted-proxies: [127.0.0.1]"))) {
      proxied.awaitReady(Duration.ofSeconds(60));
      JsonObject rewritten = new JsonObject(text(proxied.get("/points", "X-Rewrite-URL", "/maps/points?x=1")));
      assertThat(rewritten.getJsonArray("tiles").getString(0))
          .startsWith(proxied.base() + "/maps/points/{z}/{x}/{y}?v=");
      JsonObject forged = new JsonObject(text(proxied.get("/points", "X-Rewrite-URL", "/../evil\"<")));
      assertThat(forged.getJsonArray("tiles").getString(0)).startsWith(proxied.base() + "/points/{z}/{x}/{y}?v=");
    }
    JsonObject untrusted = new JsonObject(text(server.get("/points", "X-Rewrite-URL", "/maps/points")));
    assertThat(untrusted.getJsonArray("tiles").getString(0)).startsWith(server.base() + "/points/{z}/{x}/{y}?v=");
  }

  @Test
  void martinsRoutesCanBeTurnedOff() {
    try (TestServer ours = TestServer.start(db, CONFIG.formatted(", martin-routes: false"))) {
      ours.awaitReady(Duration.ofSeconds(60));
      assertThat(ours.get("/points/14/2624/5721").statusCode()).isEqualTo(404);
      assertThat(ours.get("/points").statusCode()).isEqualTo(404);
      assertThat(ours.get("/tiles/points/14/2624/5721.pbf").statusCode()).isEqualTo(200);
    }
  }
}
