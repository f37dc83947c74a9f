package io.tileserver.cdn;

import static io.tileserver.cdn.CdnFixtures.DENSE;
import static io.tileserver.cdn.CdnFixtures.header;
import static io.tileserver.cdn.CdnFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The headers a CDN caches tiles by: Cache-Control per zoom range, immutable versions, keys, dates. */
class CdnHeadersTest {
  private static final String CONFIG = """
      server:
        port: 0
        cache-control: "public, max-age=60"
        cache:
          - {zooms: [0, 8], max-age: 3600, s-maxage: 86400, stale-while-revalidate: 60, stale-if-error: 86400}
      database:
        url: ${DATABASE_URL}
        pool-size: 4
      sources:
        properties:
          cache:
            - {zooms: [0, 10], max-age: 600, s-maxage: 3600}
            - {zooms: [11, 16], max-age: 60, s-maxage: 300, stale-while-revalidate: 30}
          filters:
      """ + CdnFixtures.FILTERS + """
        zip_areas: {}
      """;

  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    server = TestServer.start(CdnFixtures.database("cdn_headers", 5_000), CONFIG);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void cacheControlFollowsTheSourcesZoomRangesThenTheServers() {
    assertThat(header(server.get(DENSE), "Cache-Control")).isEqualTo("public, max-age=600, s-maxage=3600");
    assertThat(header(server.get("/tiles/properties/12/1205/1540.pbf"), "Cache-Control"))
        .isEqualTo("public, max-age=60, s-maxage=300, stale-while-revalidate=30");
    assertThat(header(server.get("/tiles/zip_areas/5/9/12.pbf"), "Cache-Control"))
        .isEqualTo("public, max-age=3600, s-maxage=86400, stale-while-revalidate=60, stale-if-error=86400");
    assertThat(header(server.get("/tiles/zip_areas/12/1205/1540.pbf"), "Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(header(server.get("/tiles/properties,zip_areas/12/1205/1540.pbf"), "Cache-Control"))
        .as("a composite takes the server's policy").isEqualTo("public, max-age=60");
  }

  @Test
  void aTileRequestedAtTheCurrentVersionIsImmutableAndAnyOtherVersionGetsTheShortPolicy() {
    JsonObject tileJson = json(server.get("/tiles/properties.json?beds=2"));
    String url = tileJson.getJsonArray("tiles").getString(0);
    assertThat(url).matches(".*/tiles/properties/\\{z}/\\{x}/\\{y}\\.pbf\\?beds=2&v=[0-9]+");
    assertThat(header(server.get("/tiles/properties.json?beds=2"), "Cache-Control")).isEqualTo("no-cache");
    long v = CdnFixtures.version(tileJson);

    HttpResponse<byte[]> current = server.get(DENSE + "?beds=2&v=" + v);
    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(header(current, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(current.body()).isEqualTo(server.get(DENSE + "?beds=2").body());
    assertThat(header(server.get(DENSE + "?v=" + (v - 1) + "&beds=2"), "Cache-Control"))
        .isEqualTo("public, max-age=600, s-maxage=3600");
    assertThat(header(server.get(DENSE + "?v=" + (v + 1)), "Cache-Control")).isEqualTo("public, max-age=600, s-maxage=3600");
  }

  @Test
  void aCompositeIsImmutableAtTheVersionItsTileJsonNames() {
    long v = CdnFixtures.version(json(server.get("/tiles/properties,zip_areas.json")));
    HttpResponse<byte[]> r = server.get("/tiles/properties,zip_areas/10/301/385.pbf?v=" + v);
    assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
  }

  @Test
  void aMalformedOrRepeatedVersionIs400AndVIsNeverAFilter() {
    for (String query : new String[] {"?v=abc", "?v=", "?v=-1", "?v=1&v=2", "?v=" + "9".repeat(30)}) {
      HttpResponse<byte[]> r = server.get(DENSE + query);
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(json(r).getString("hint")).contains("TileJSON");
    }
  }

  @Test
  void surrogateKeysAndCacheTagsNameEachSourceAndItsTile() {
    HttpResponse<byte[]> one = server.get(DENSE);
    assertThat(header(one, "Surrogate-Key")).isEqualTo("src:properties tile:properties/10/301/385");
    assertThat(header(one, "Cache-Tag")).isEqualTo("src:properties,tile:properties/10/301/385");
    HttpResponse<byte[]> both = server.get("/tiles/properties,zip_areas/10/301/385.pbf");
    assertThat(header(both, "Surrogate-Key"))
        .isEqualTo("src:properties src:zip_areas tile:properties/10/301/385 tile:zip_areas/10/301/385");
  }

  @Test
  void lastModifiedIsTheDataVersionTimeAndIfModifiedSinceAnswers304() {
    HttpResponse<byte[]> r = server.get(DENSE);
    String lastModified = header(r, "Last-Modified");
    long v = CdnFixtures.version(json(server.get("/tiles/properties.json")));
    assertThat(ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond())
        .isEqualTo(v / 1000);
    assertThat(server.get(DENSE, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
    assertThat(server.get(DENSE, "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode()).isEqualTo(200);
    assertThat(server.get(DENSE, "If-Modified-Since", "yesterday").statusCode()).isEqualTo(200);
    assertThat(server.get(DENSE, "If-Modified-Since", lastModified, "If-None-Match", "\"other\"").statusCode())
        .as("If-None-Match decides when both are sent").isEqualTo(200);
  }

  @Test
  void theAdminApiIsNotThereWhenDisabled() {
    assertThat(server.post("/admin/purge/properties").statusCode()).isEqualTo(404);
    assertThat(server.get("/admin/cache", "Authorization", "Bearer anything-at-all-here").statusCode()).isEqualTo(404);
  }
}
