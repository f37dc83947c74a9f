package io.tileserver.http;

import static io.tileserver.testing.TestSql.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.GoldenFile;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestServices.ProcessRun;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.locationtech.jts.geom.GeometryFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP semantics of the tile server over real PostGIS sources: every status code and header rule. */
class TileServerHttpTest {
  /** A dense tile: the z10 tile of central New York, where the generator puts the most listings. */
  static final String DENSE = "/tiles/properties/10/301/385.pbf";
  static final String CONFIG = """
      server:
        port: 0
        cache-control: "public, max-age=60"
        # The test's client plays a proxy for the TileJSON tests.
        trusted-proxies: [127.0.0.1]
      database:
        url: ${DATABASE_URL}
        pool-size: 4
        statement-timeout-ms: 500
      sources:
        properties:
          default: true
          cache-control: "public, max-age=30"
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
            maxPrice: {column: price, op: "<=", type: number, min: 0}
            beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
            type: {column: property_type, op: in, type: text, values: [house, condo, townhouse, apartment, land]}
            status: {column: status, op: "=", type: text, values: [active, pending, sold]}
        zip_areas: {cache-maxzoom: 3}
        slow_tile: {function: slow_tile}
        counted_tile: {function: counted_tile}
        broken_tile: {function: broken_tile}
      """;

  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException, IOException {
    db = TestServices.freshDatabase("http");
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(11, 20_000)), n -> {});
    TestServer.installFunctions(db);
    server = TestServer.start(db, CONFIG);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject json(HttpResponse<byte[]> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void aTileIsAnMvtWithCacheHeaders() {
    HttpResponse<byte[]> r = server.get(DENSE);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.mapbox-vector-tile");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=30");
    assertThat(r.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{24}\""));
    assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(r.body().length).isGreaterThan(1000);
  }

  @Test
  void tilesAnsweredAheadOfTheRouterMatchTheRoutersAnswer() {
    HttpResponse<byte[]> direct = server.get(DENSE);
    HttpResponse<byte[]> crossOrigin = server.get(DENSE, "Origin", "https://maps.example.com");
    HttpResponse<byte[]> escaped = server.get(DENSE.replace("properties", "propert%69es"));
    for (HttpResponse<byte[]> r : List.of(crossOrigin, escaped)) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(direct.body());
      assertThat(r.headers().firstValue("ETag")).isEqualTo(direct.headers().firstValue("ETag"));
      assertThat(r.headers().firstValue("Cache-Control")).isEqualTo(direct.headers().firstValue("Cache-Control"));
      assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    }
    // With any origin allowed, the answer does not depend on Origin: a CDN copy fetched without one
    // must still be readable by a browser on another site.
    for (HttpResponse<byte[]> r : List.of(direct, crossOrigin, escaped)) {
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      assertThat(r.headers().allValues("Vary")).containsExactly("Accept-Encoding");
    }
  }

  @Test
  void aTileWithNothingInItIs204() {
    HttpResponse<byte[]> r = server.get("/tiles/properties/14/8192/8192.pbf");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void aMatchingIfNoneMatchIs304() {
    String etag = server.get(DENSE).headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> r = server.get(DENSE, "If-None-Match", etag);
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(server.get(DENSE, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void gzipHasItsOwnEtagAndTheSameContent() throws IOException {
    HttpResponse<byte[]> plain = server.get(DENSE);
    HttpResponse<byte[]> gzipped = server.get(DENSE, "Accept-Encoding", "gzip");
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gzipped.headers().firstValue("ETag")).isNotEqualTo(plain.headers().firstValue("ETag"));
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
    String gzEtag = gzipped.headers().firstValue("ETag").orElseThrow();
    assertThat(server.get(DENSE, "Accept-Encoding", "gzip", "If-None-Match", gzEtag).statusCode()).isEqualTo(304);
    assertThat(server.get(DENSE, "If-None-Match", gzEtag).statusCode()).isEqualTo(200);
  }

  @Test
  void brotliIsServedToClientsThatPreferItWithItsOwnEtag() {
    HttpResponse<byte[]> plain = server.get(DENSE);
    HttpResponse<byte[]> br = server.get(DENSE, "Accept-Encoding", "gzip;q=0.8, br");
    assertThat(br.headers().firstValue("Content-Encoding")).hasValue("br");
    assertThat(br.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{24}-br1?\""));
    assertThat(br.body().length).isLessThan(plain.body().length);
    assertThat(server.get(DENSE, "Accept-Encoding", "br;q=0, gzip").headers().firstValue("Content-Encoding"))
        .hasValue("gzip");
  }

  @Test
  void aMissIsCompressedFastInItsClientsCodingOnlyAndAHitGetsTheBestCompressionOnce() throws IOException {
    String fresh = "/tiles/properties/10/302/385.pbf";
    double gzipBefore = compressions("fast", "gzip");
    double brBefore = compressions("fast", "br");
    double brBestBefore = compressions("best", "br");

    HttpResponse<byte[]> gzipped = server.get(fresh, "Accept-Encoding", "gzip");
    assertThat(gzipped.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(compressions("fast", "gzip") - gzipBefore).isEqualTo(1);
    assertThat(compressions("fast", "br") - brBefore).isZero();

    HttpResponse<byte[]> br = server.get(fresh, "Accept-Encoding", "br");
    assertThat(br.headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(br.headers().firstValue("Content-Encoding")).hasValue("br");
    assertThat(br.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).endsWith("-br1\""));
    assertThat(compressions("fast", "br") - brBefore).isEqualTo(1);

    server.get(fresh, "Accept-Encoding", "br");
    Waits.until("the hit has the brotli variant recompressed at its best", Duration.ofSeconds(10),
        () -> compressions("best", "br") - brBestBefore == 1);
    HttpResponse<byte[]> best = server.get(fresh, "Accept-Encoding", "br");
    assertThat(best.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).endsWith("-br\""));
    assertThat(best.body().length).isLessThanOrEqualTo(br.body().length);
    assertThat(compressions("fast", "br") - brBefore).isEqualTo(1);
    assertThat(compressions("best", "br") - brBestBefore).isEqualTo(1);
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(server.get(fresh).body());
    }
    // A client holding the fast bytes holds the same content: revalidating costs it no download.
    String fastEtag = br.headers().firstValue("ETag").orElseThrow();
    assertThat(server.get(fresh, "Accept-Encoding", "br", "If-None-Match", fastEtag).statusCode()).isEqualTo(304);
    assertThat(server.get(fresh, "Accept-Encoding", "gzip", "If-None-Match", fastEtag).statusCode()).isEqualTo(200);
  }

  private static double compressions(String effort, String encoding) {
    String metrics = new String(server.get("/metrics").body(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?m)^tiles_compressions_total\\{effort=\"" + effort + "\",encoding=\"" + encoding
        + "\",?\\} (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void headAnswersTheHeadersWithoutABody() {
    HttpResponse<byte[]> get = server.get(DENSE);
    HttpResponse<byte[]> head = server.send(HttpRequest.newBuilder(URI.create(server.base() + DENSE))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length));
    assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
  }

  @Test
  void badCoordinatesAre400WithAJsonBody() {
    for (String path : List.of("/tiles/properties/31/0/0.pbf", "/tiles/properties/2/4/0.pbf",
        "/tiles/properties/a/0/0.pbf", "/tiles/properties/2/0/0.png")) {
      HttpResponse<byte[]> r = server.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      JsonObject body = json(r);
      assertThat(body.getString("error")).isEqualTo("bad_request");
      assertThat(body.getString("detail")).isNotBlank();
      assertThat(body.getString("hint")).isNotBlank();
      assertThat(body.getString("request_id")).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    }
  }

  @Test
  void aBadFilterNamesTheParameterWhatCameAndWhatIsAccepted() {
    JsonObject body = json(server.get(DENSE + "?beds=many"));
    assertThat(body.getString("error")).isEqualTo("bad_filter");
    assertThat(body.getString("parameter")).isEqualTo("beds");
    assertThat(body.getString("received")).isEqualTo("many");
    assertThat(body.getString("accepted")).isEqualTo("an integer in 0..50");
    JsonObject unknown = json(server.get(DENSE + "?bedrooms=3"));
    assertThat(unknown.getString("detail")).isEqualTo("query parameter `bedrooms` is not a filter here");
    assertThat(unknown.getString("accepted")).isEqualTo("one of beds, maxPrice, minPrice, status, type");
  }

  @Test
  void sqlInFilterValuesIs400AndLeavesTheTableIntact() throws SQLException {
    for (String value : List.of("%27%3B%20DROP%20TABLE%20properties%3B%20--", "%E6%9D%B1%E4%BA%AC", "x".repeat(10_000))) {
      assertThat(server.get(DENSE + "?status=" + value).statusCode()).isEqualTo(400);
    }
    assertThat(count(db, "SELECT count(*) FROM properties")).isEqualTo(20_000);
  }

  @Test
  void unknownSourcesAndZoomsOutsideTheRangeAre404SayingTheRange() {
    JsonObject unknown = json(server.get("/tiles/nope/0/0/0.pbf"));
    assertThat(unknown.getString("error")).isEqualTo("not_found");
    assertThat(unknown.getString("detail")).isEqualTo("unknown source nope");
    HttpResponse<byte[]> missing = server.get("/nothing/here");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).getString("hint")).contains("/catalog");
  }

  @Test
  void anUnacceptableAcceptIs406() {
    HttpResponse<byte[]> r = server.get(DENSE, "Accept", "image/png");
    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(json(r).getString("hint")).contains("application/vnd.mapbox-vector-tile");
  }

  @Test
  void otherMethodsAre405() {
    HttpResponse<byte[]> r = server.send(HttpRequest.newBuilder(URI.create(server.base() + DENSE))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void aQueryPastTheStatementTimeoutIs503WithRetryAfter() {
    HttpResponse<byte[]> r = server.get("/tiles/slow_tile/3/1/1.pbf");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(r).getString("error")).isEqualTo("unavailable");
  }

  @Test
  void internalFailuresAre500WithoutLeakingDetails() {
    HttpResponse<byte[]> r = server.get("/tiles/broken_tile/3/1/1.pbf");
    assertThat(r.statusCode()).isEqualTo(500);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(body).doesNotContain("secret", "hunter2", "broken_tile(", "SELECT", "postgresql://", "Exception");
    assertThat(json(r).getString("request_id")).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void equivalentQueryStringsShareOneCacheEntry() {
    String first = DENSE + "?beds=3&minPrice=1e5";
    String second = DENSE + "?minPrice=100000&beds=03";
    assertThat(server.get(first).headers().firstValue("X-Cache")).hasValue("MISS");
    HttpResponse<byte[]> again = server.get(second);
    assertThat(again.headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(again.body()).isEqualTo(server.get(first).body());
  }

  @Test
  void fiftyConcurrentRequestsForOneColdTileRunOneQuery() throws SQLException {
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      responses.add(CompletableFuture.supplyAsync(() -> server.get("/tiles/counted_tile/5/3/7.pbf")));
    }
    assertThat(responses).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    assertThat(count(db, "SELECT n FROM tile_calls")).isEqualTo(1);
  }

  @Test
  void filtersReachTheDatabaseAndShrinkTheTile() {
    int all = server.get(DENSE).body().length;
    int fewer = server.get(DENSE + "?beds=3&status=sold").body().length;
    assertThat(fewer).isPositive().isLessThan(all);
  }

  @Test
  void theDefaultCompositeServesTheDefaultSources() {
    HttpResponse<byte[]> r = server.get("/tiles/10/301/385.pbf");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(server.get(DENSE).body());
  }

  @Test
  void operationsEndpointsAnswer() {
    assertThat(json(server.get("/health")).getString("status")).isEqualTo("ok");
    assertThat(json(server.get("/ready")).getString("status")).isEqualTo("ready");
    server.get(DENSE);
    String metrics = new String(server.get("/metrics").body(), StandardCharsets.UTF_8);
    assertThat(metrics).contains("tiles_requests_total{", "tiles_request_duration_seconds_bucket{",
        "tiles_cache_lookups_total{", "tiles_source_duration_seconds_count{",
        "jvm_memory_used_bytes{", "jvm_gc_live_data_size_bytes", "jvm_threads_live_threads", "process_cpu_usage");
  }

  @Test
  void tileJsonMatchesItsGoldenFileWithAbsoluteUrlsCarryingTheFiltersAndTheDataVersion() {
    HttpResponse<byte[]> r = server.get("/tiles/properties,zip_areas.json?minPrice=1e5&beds=3",
        "X-Forwarded-Proto", "https", "X-Forwarded-Host", "tiles.example.com");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject tileJson = json(r);
    assertThat(tileJson.getJsonArray("tiles").getString(0))
        .matches("https://tiles\\.example\\.com/tiles/properties,zip_areas/\\{z}/\\{x}/\\{y}\\.pbf"
            + "\\?beds=3&minPrice=100000&v=[0-9]+");
    // The version is the time of the data's last change: redacted, like the host in other snapshots.
    String redacted = tileJson.encodePrettily().replaceAll("v=[0-9]+", "v={version}");
    GoldenFile.assertMatches(TestServices.projectRoot()
        .resolve("tile-server/src/test/resources/http/tilejson_properties_zip_areas.json"), redacted + "\n");
  }

  @Test
  void aForgedForwardedHostIsIgnored() {
    JsonObject tileJson = json(server.get("/tiles/properties.json", "X-Forwarded-Host", "evil.com/<script>"));
    assertThat(tileJson.getJsonArray("tiles").getString(0)).startsWith(server.base() + "/tiles/properties/");
  }

  @Test
  void theCatalogListsEverySourceWithItsKindZoomsAndFilters() {
    JsonObject tiles = json(server.get("/catalog")).getJsonObject("tiles");
    assertThat(tiles.fieldNames()).containsExactly("properties", "zip_areas", "slow_tile", "counted_tile", "broken_tile",
        "basemap");
    JsonObject properties = tiles.getJsonObject("properties");
    assertThat(properties.getString("kind")).isEqualTo("table");
    assertThat(properties.getJsonObject("filters").fieldNames()).containsExactlyInAnyOrder(
        "minPrice", "maxPrice", "beds", "type", "status");
    assertThat(tiles.getJsonObject("counted_tile").getString("kind")).isEqualTo("function");
  }

  @Test
  void aDenseTileReadsWithTheReferenceDecoderAndGdal() throws IOException, SQLException {
    byte[] tile = server.get(DENSE).body();
    var decoded = MvtReader.loadMvt(new ByteArrayInputStream(tile), new GeometryFactory(), new TagKeyValueMapConverter());
    int features = decoded.getLayer("properties").getGeometries().size();
    assertThat(features).isEqualTo(count(db, "SELECT count(*) FROM properties WHERE geom && ST_Transform("
        + "ST_TileEnvelope(10, 301, 385, margin => 64.0 / 4096), 4326)"));
    Path file = Files.createTempFile("dense", ".pbf");
    Files.write(file, tile);
    ProcessRun ogrinfo = ProcessRun.of(Map.of(), "ogrinfo", "-ro", "-so", "-oo", "CLIP=NO", file.toString(), "properties");
    assertThat(ogrinfo.exitCode()).as(ogrinfo.stdout() + ogrinfo.stderr()).isZero();
    assertThat(ogrinfo.stdout()).contains("Feature Count: " + features);
  }

  @Test
  void aSourcesCacheZoomRangeKeepsOtherZoomsOutOfTheCache() {
    String cached = "/tiles/zip_areas/3/1/2.pbf";
    String uncached = "/tiles/zip_areas/5/4/9.pbf";
    server.get(cached);
    server.get(uncached);
    assertThat(server.get(cached).headers().firstValue("X-Cache")).hasValue("HIT");
    assertThat(server.get(uncached).headers().firstValue("X-Cache")).hasValue("MISS");
  }
}
