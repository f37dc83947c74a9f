package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster source over HTTP against a SQL oracle on the same rows. */
class ClusterSourceHttpTest {
  static final String CONFIG = """
      server: {port: 0}
      database: {url: "${DATABASE_URL}"}
      sources:
        listings:
          kind: cluster
          cluster-maxzoom: 14
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
            maxPrice: {column: price, op: "<=", type: number, min: 0}
            beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
            type: {column: property_type, op: in, type: text, values: [house, condo, townhouse, apartment, land]}
            status: {column: status, op: in, type: text, values: [active, pending, sold]}
      """;
  /** Tile membership as the index reckons it: floor of the Web Mercator fraction times 2^z. */
  static final String TILE_X = "floor((longitude + 180) / 360 * 2 ^ %d)";
  static final String TILE_Y =
      "floor((1 - ln(tan(radians(latitude)) + 1 / cos(radians(latitude))) / pi()) / 2 * 2 ^ %d)";

  /** 30,000 listings load in about a second; a minute means the load is stuck. */
  static final Duration LOAD_WAIT = Duration.ofMinutes(1);

  private static DatabaseUrl db;
  private static TestServer server;
  private final MvtDecoder decoder = new MvtDecoder();

  @BeforeAll
  static void start() throws SQLException {
    db = TestServices.freshDatabase("clusters_http");
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(21, 30_000)), n -> {});
    server = TestServer.start(db, CONFIG);
    Waits.await("the cluster index loads", LOAD_WAIT, server.app().clustersLoaded());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Listings in a tile: point_count of clusters plus one per single listing, and their prices. */
  private record Summary(long count, long minPrice, long maxPrice) {}

  private Summary summarize(int z, int x, int y, String query) {
    HttpResponse<byte[]> r = server.get("/tiles/listings/" + z + "/" + x + "/" + y + ".pbf" + query);
    if (r.statusCode() == 204) {
      return new Summary(0, Long.MAX_VALUE, Long.MIN_VALUE);
    }
    assertThat(r.statusCode()).isEqualTo(200);
    long count = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (DecodedTile.Feature f : decoder.decode(r.body()).layers().get(0).features()) {
      boolean cluster = Boolean.TRUE.equals(f.attributes().get("cluster"));
      count += cluster ? ((Number) f.attributes().get("point_count")).longValue() : 1;
      min = Math.min(min, ((Number) f.attributes().get(cluster ? "price_min" : "price")).longValue());
      max = Math.max(max, ((Number) f.attributes().get(cluster ? "price_max" : "price")).longValue());
    }
    return new Summary(count, min, max);
  }

  private static Summary oracle(int z, int x, int y, String where) throws SQLException {
    String sql = "SELECT count(*) || ',' || coalesce(min(price), " + Long.MAX_VALUE + ") || ',' || coalesce(max(price), "
        + Long.MIN_VALUE + ") FROM properties WHERE geom IS NOT NULL AND " + TILE_X.formatted(z) + " = " + x
        + " AND " + TILE_Y.formatted(z) + " = " + y + where;
    String[] v = ((String) TestSql.scalar(db, sql)).split(",");
    return new Summary(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2]));
  }

  @Test
  void clusterCountsAndPricesMatchSqlForRandomTilesAndFilters() throws SQLException {
    Random random = new Random(5);
    String[][] filters = {
      {"", ""},
      {"?beds=3&maxPrice=1000000&minPrice=300000", " AND bedrooms >= 3 AND price BETWEEN 300000 AND 1000000"},
      {"?status=active,pending", " AND status IN ('active', 'pending')"},
      {"?type=condo", " AND property_type = 'condo'"},
    };
    List<String> checked = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // Tiles around listings, so most are not empty.
      double lat = 30 + random.nextDouble() * 15;
      double lon = -120 + random.nextDouble() * 45;
      int z = random.nextInt(14);
      int x = (int) Math.floor((lon + 180) / 360 * (1 << z));
      double r = Math.toRadians(lat);
      int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
      String[] filter = filters[random.nextInt(filters.length)];
      assertThat(summarize(z, x, y, filter[0])).as(z + "/" + x + "/" + y + filter[0]).isEqualTo(oracle(z, x, y, filter[1]));
      checked.add(z + "/" + x + "/" + y);
    }
    assertThat(checked).hasSize(60);
  }

  @Test
  void theWorldTileCountsEveryListingOnce() throws SQLException {
    assertThat(summarize(0, 0, 0, "").count()).isEqualTo(TestSql.count(db, "SELECT count(*) FROM properties"));
  }

  @Test
  void theIndexIsOnMetricsWithAsManyPointsAsTheTableHasListings() throws SQLException {
    String metrics = new String(server.get("/metrics").body(), StandardCharsets.UTF_8);
    Matcher points = Pattern.compile("(?m)^cluster_index_points\\{source=\"listings\"} ([0-9.E]+)$").matcher(metrics);
    assertThat(points.find()).as("cluster_index_points of listings in:%n%s", metrics).isTrue();
    assertThat((long) Double.parseDouble(points.group(1)))
        .isEqualTo(TestSql.count(db, "SELECT count(*) FROM properties WHERE geom IS NOT NULL"));
    assertThat(metrics).contains("cluster_index_bytes{source=\"listings\"}", "cluster_sync_pending_ids{source=\"listings\"}",
        "cluster_index_lag_seconds{source=\"listings\"}", "cluster_sync_failures_total{source=\"listings\"}");
  }

  @Test
  void badFilterValuesAre400AsForTableSources() {
    HttpResponse<byte[]> r = server.get("/tiles/listings/4/3/6.pbf?beds=lots");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject body = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(body.getString("parameter")).isEqualTo("beds");
    assertThat(server.get("/tiles/listings/4/3/6.pbf?bedrooms=3").statusCode()).isEqualTo(400);
  }

  @Test
  void fromClusterMaxzoomOnTheListingsThemselvesAreServed() {
    HttpResponse<byte[]> r = server.get("/tiles/listings/14/4823/6160.pbf");
    assertThat(r.statusCode()).isIn(200, 204);
    if (r.statusCode() == 200) {
      assertThat(decoder.decode(r.body()).layers().get(0).features())
          .allSatisfy(f -> assertThat(f.attributes()).containsKeys("id", "price").doesNotContainKey("cluster"));
    }
  }

  @Test
  void aClusterExpandsToAZoomWhereItSplitsWithTheBboxOfItsMembers() throws SQLException {
    DecodedTile.Feature cluster = decoder.decode(server.get("/tiles/listings/5/9/12.pbf").body()).layers().get(0)
        .features().stream().filter(f -> Boolean.TRUE.equals(f.attributes().get("cluster")))
        .max((a, b) -> Long.compare((Long) a.attributes().get("point_count"), (Long) b.attributes().get("point_count")))
        .orElseThrow();
    long id = (Long) cluster.attributes().get("cluster_id");
    long count = (Long) cluster.attributes().get("point_count");
    assertThat(TestSql.count(db, "SELECT count(*) FROM properties WHERE " + members(id)))
        .as("listings of the cell the id names").isEqualTo(count);

    JsonObject expansion = clusterInfo(id, "");
    assertThat(expansion.getInteger("zoom")).isEqualTo(5);
    assertThat(expansion.getInteger("expansion_zoom")).isEqualTo(splitZoom(id, 5, ""));
    assertBboxIsTheExtentOf(expansion, members(id));
    JsonObject filtered = clusterInfo(id, "?beds=4");
    assertThat(filtered.getInteger("expansion_zoom")).isEqualTo(splitZoom(id, 5, " AND bedrooms >= 4"));
    assertBboxIsTheExtentOf(filtered, members(id) + " AND bedrooms >= 4");

    JsonObject page = new JsonObject(new String(
        server.get("/tiles/listings/clusters/" + id + "/leaves?limit=7&offset=0").body(), StandardCharsets.UTF_8));
    assertThat(page.getJsonArray("leaves")).hasSize((int) Math.min(7, count));
    assertThat(page.getJsonArray("leaves").getJsonObject(0).fieldNames()).contains("id", "lon", "lat", "price");
    List<String> leafIds = new ArrayList<>();
    page.getJsonArray("leaves").forEach(leaf -> leafIds.add(((JsonObject) leaf).getValue("id").toString()));
    assertThat(TestSql.count(db, "SELECT count(*) FROM properties WHERE id IN (" + String.join(",", leafIds) + ") AND "
        + members(id))).as("leaves that are members").isEqualTo(leafIds.size());
  }

  private JsonObject clusterInfo(long id, String query) {
    HttpResponse<byte[]> r = server.get("/tiles/listings/clusters/" + id + query);
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }

  /**
   * SQL for the listings of the grid cell a cluster id names. The id is documented as the cell's
   * Morton code (x in the even bits, y in the odd) times 32 plus the cell zoom; a cell is a tile of
   * that zoom, so membership is the tile test of {@link #TILE_X} and {@link #TILE_Y}.
   */
  private static String members(long clusterId) {
    int cellZoom = (int) (clusterId & 31);
    long morton = clusterId >>> 5;
    long x = Long.compress(morton, 0x5555_5555_5555_5555L);
    long y = Long.compress(morton, 0xAAAA_AAAA_AAAA_AAAAL);
    return "geom IS NOT NULL AND " + TILE_X.formatted(cellZoom) + " = " + x + " AND " + TILE_Y.formatted(cellZoom)
        + " = " + y;
  }

  /** The first zoom above {@code zoom} whose 64-pixel cells (tiles of zoom + 3) split the members; 14 at most. */
  private static int splitZoom(long clusterId, int zoom, String where) throws SQLException {
    for (int z = zoom + 1; z < 14; z++) {
      long cells = TestSql.count(db, "SELECT count(DISTINCT " + TILE_X.formatted(z + 3) + " || ',' || "
          + TILE_Y.formatted(z + 3) + ") FROM properties WHERE " + members(clusterId) + where);
      if (cells > 1) {
        return z;
      }
    }
    return 14;
  }

  /** The bbox is west, south, east, north of the members, to the index's 2^-31 quantum (< 2e-7 degrees). */
  private static void assertBboxIsTheExtentOf(JsonObject expansion, String where) throws SQLException {
    String[] extremes = {"min(longitude)", "min(latitude)", "max(longitude)", "max(latitude)"};
    assertThat(expansion.getJsonArray("bbox")).hasSize(4);
    for (int i = 0; i < 4; i++) {
      double expected = ((Number) TestSql.scalar(db, "SELECT " + extremes[i] + " FROM properties WHERE " + where))
          .doubleValue();
      assertThat(expansion.getJsonArray("bbox").getDouble(i)).as("bbox[%d], %s", i, extremes[i])
          .isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void clusterEndpointsRefuseBadInputClearly() {
    assertThat(server.get("/tiles/listings/clusters/abc").statusCode()).isEqualTo(400);
    assertThat(server.get("/tiles/listings/clusters/1/leaves?limit=5000").statusCode()).isEqualTo(400);
    assertThat(server.get("/tiles/nope/clusters/1").statusCode()).isEqualTo(404);
    assertThat(server.get("/tiles/listings/clusters/" + URLEncoder.encode("1;DROP", StandardCharsets.UTF_8))
        .statusCode()).isEqualTo(400);
  }

  @Test
  void readyOnceTheIndexIsLoaded() {
    assertThat(new JsonObject(new String(server.get("/ready").body(), StandardCharsets.UTF_8)).getString("clusters"))
        .isEqualTo("loaded");
  }

  /**
   * The index's load starts by reading its change-feed watermarks, from change_feed_deletions among
   * others; holding that table locked keeps the fresh server loading while the test looks (discovery
   * never reads it). The statement timeout is raised so the held read waits instead of failing.
   */
  @Test
  void tilesAre503WhileTheIndexLoadsAndAnswerAsSoonAsItIsReportedLoaded() throws SQLException {
    String patient = CONFIG.replace("database: {url: \"${DATABASE_URL}\"}",
        "database: {url: \"${DATABASE_URL}\", statement-timeout-ms: 120000}");
    assertThat(patient).as("CONFIG names the database on one line").contains("120000");
    try (Connection lock = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties())) {
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE change_feed_deletions IN ACCESS EXCLUSIVE MODE");
      }
      try (TestServer fresh = TestServer.start(db, patient)) {
        Future<Void> loaded = fresh.app().clustersLoaded();
        HttpResponse<byte[]> loading = fresh.get("/tiles/listings/0/0/0.pbf");
        assertThat(loading.statusCode()).as("a tile while the index loads").isEqualTo(503);
        assertThat(loading.headers().firstValue("Retry-After")).isPresent();
        assertThat(fresh.get("/ready").statusCode()).as("/ready while the index loads").isEqualTo(503);
        assertThat(loaded.isComplete()).as("reported loaded while its read is held").isFalse();

        lock.rollback();
        Waits.await("the fresh server's cluster index loads", LOAD_WAIT, loaded);
        assertThat(fresh.get("/tiles/listings/0/0/0.pbf").statusCode()).as("a tile once reported loaded").isEqualTo(200);
        assertThat(fresh.get("/ready").statusCode()).as("/ready once reported loaded").isEqualTo(200);
      }
    }
  }

  @Test
  void tileJsonBoundsAreTheExtentOfTheListings() throws SQLException {
    JsonObject tileJson = new JsonObject(new String(server.get("/tiles/listings.json").body(), StandardCharsets.UTF_8));
    String[] extremes = {"min(longitude)", "min(latitude)", "max(longitude)", "max(latitude)"};
    for (int i = 0; i < 4; i++) {
      assertThat(tileJson.getJsonArray("bounds").getDouble(i)).as(extremes[i]).isCloseTo(
          ((Number) TestSql.scalar(db, "SELECT " + extremes[i] + " FROM properties")).doubleValue(), within(1e-6));
    }
    assertThat(tileJson.getJsonArray("center").getInteger(2)).isPositive();
  }

  @Test
  void aListingUpdateReachesItsCachedTileWithinTwoSeconds() throws SQLException, InterruptedException {
    String[] listing = ((String) TestSql.scalar(db, "SELECT id || ',' || " + TILE_X.formatted(14) + " || ',' || "
        + TILE_Y.formatted(14) + " || ',' || price FROM properties ORDER BY id LIMIT 1")).split(",");
    long id = Long.parseLong(listing[0]);
    String tile = "/tiles/listings/14/" + listing[1] + "/" + listing[2] + ".pbf";
    assertThat(priceOf(tile, id)).isEqualTo(Long.parseLong(listing[3]));
    assertThat(server.get(tile).headers().firstValue("X-Cache")).hasValue("HIT");

    long updated = Long.parseLong(listing[3]) + 12_345;
    TestSql.execute(db, "UPDATE properties SET price = " + updated + " WHERE id = " + id);
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (priceOf(tile, id) != updated && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(priceOf(tile, id)).isEqualTo(updated);
  }

  private long priceOf(String tile, long id) {
    return decoder.decode(server.get(tile).body()).layers().get(0).features().stream()
        .filter(f -> f.id().isPresent() && f.id().getAsLong() == id)
        .map(f -> ((Number) f.attributes().get("price")).longValue())
        .findFirst().orElseThrow();
  }
}
