package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/{source}/listings} and {@code /stats} against SQL over the same rows: totals, order,
 * pages, statistics, paging across changes, errors and caching headers.
 */
class ListingSearchHttpTest {
  static final String CONFIG = """
      server: {port: 0}
      database: {url: "${DATABASE_URL}"}
      sources:
        listings:
          kind: cluster
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
            maxPrice: {column: price, op: "<=", type: number, min: 0}
            beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
            type: {column: property_type, op: in, type: text, values: [house, condo, townhouse, apartment, land]}
            status: {column: status, op: in, type: text, values: [active, pending, sold]}
        properties:
          id-column: id
          properties: [price]
      """;
  static final Duration LOAD_WAIT = Duration.ofMinutes(1);
  /** Changes reach the index within about two seconds (change feed); ten means they are lost. */
  static final Duration CHANGE_WAIT = Duration.ofSeconds(10);

  /** Boxes and filters, each with its SQL; edges are checked to be clear of every listing. */
  static final String NYC = "-74.2031,40.5517,-73.7013,40.9029";
  static final String BAY = "-122.6117,37.2043,-121.7089,38.0127";
  static final String NORTHEAST = "-80.0071,38.0033,-70.0097,44.9917";
  /** From 100°E east across the antimeridian to 100°W: the US west of the Plains. */
  static final String PACIFIC = "100.0013,20.0011,-100.0019,60.0017";

  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    db = TestServices.freshDatabase("search_http");
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(17, 30_000)), n -> {});
    server = TestServer.start(db, CONFIG);
    Waits.await("the cluster index loads", LOAD_WAIT, server.app().clustersLoaded());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyPageFollowsSqlOrderByAndTheirUnionIsTheWholeResult() throws SQLException {
    String[][] cases = {
      {NYC, "", "", "price", "price ASC NULLS LAST, id"},
      {NYC, "beds=3", "bedrooms >= 3", "-price", "price DESC NULLS LAST, id"},
      {BAY, "", "", "newest", "id DESC"},
      {BAY, "type=condo,townhouse", "property_type IN ('condo','townhouse')", "sqft", "sqft ASC NULLS LAST, id"},
      {NORTHEAST, "minPrice=300000&maxPrice=900000&status=active",
          "price BETWEEN 300000 AND 900000 AND status = 'active'", "-sqft", "sqft DESC NULLS LAST, id"},
      {NORTHEAST, "type=land", "property_type = 'land'", "beds", "bedrooms ASC NULLS LAST, id"},
      {PACIFIC, "type=apartment&beds=2", "property_type = 'apartment' AND bedrooms >= 2", "-beds",
          "bedrooms DESC NULLS LAST, id"},
      {PACIFIC, "status=sold", "status = 'sold'", "-newest", "id"},
    };
    for (String[] c : cases) {
      assertEdgesClearOfListings(c[0]);
      List<Long> expected = TestSql.longs(db, "SELECT id FROM properties WHERE " + inBox(c[0]) + and(c[2])
          + " ORDER BY " + c[4]);
      assertThat(expected).as("case %s %s has listings", c[0], c[1]).isNotEmpty();
      List<Long> paged = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonObject page = get("/api/listings/listings?bbox=" + c[0] + "&sort=" + c[3] + "&limit=173"
            + (c[1].isEmpty() ? "" : "&" + c[1]) + (cursor == null ? "" : "&cursor=" + encode(cursor)));
        assertThat(page.getLong("total")).as("total of %s %s", c[0], c[1]).isEqualTo(expected.size());
        page.getJsonArray("listings").forEach(l -> paged.add(((JsonObject) l).getLong("id")));
        cursor = page.getString("next");
        assertThat(++pages).as("pages of %s %s", c[0], c[1]).isLessThanOrEqualTo(expected.size() / 173 + 1);
      } while (cursor != null);
      assertThat(paged).as("%s %s sort=%s", c[0], c[1], c[3]).isEqualTo(expected);
    }
  }

  @Test
  void aListingCarriesItsPositionAndEveryKeptAttributeAsInTheTable() throws SQLException {
    JsonObject first = get("/api/listings/listings?bbox=" + BAY + "&sort=-price&limit=1")
        .getJsonArray("listings").getJsonObject(0);
    Map<String, Object> row = TestSql.row(db, "SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, price, bedrooms,"
        + " bathrooms, sqft, property_type AS type, status FROM properties WHERE " + inBox(BAY)
        + " ORDER BY price DESC NULLS LAST, id LIMIT 1");
    assertThat(first.fieldNames()).containsExactly("id", "lon", "lat", "price", "bedrooms", "bathrooms", "sqft", "type",
        "status");
    assertThat(first.getLong("id")).isEqualTo(((Number) row.get("id")).longValue());
    assertThat(first.getDouble("lon")).isCloseTo(((Number) row.get("lon")).doubleValue(), within(1e-6));
    assertThat(first.getDouble("lat")).isCloseTo(((Number) row.get("lat")).doubleValue(), within(1e-6));
    assertThat(first.getLong("price")).isEqualTo(((Number) row.get("price")).longValue());
    assertThat(first.getString("type")).isEqualTo(row.get("type"));
    assertThat(first.getString("status")).isEqualTo(row.get("status"));
  }

  @Test
  void geoJsonIsTheSamePageAsFeatures() {
    String path = "/api/listings/listings?bbox=" + NYC + "&sort=price&limit=20";
    JsonObject json = get(path);
    HttpResponse<byte[]> r = server.get(path, "Accept", "application/geo+json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/geo+json");
    JsonObject geo = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
    assertThat(geo.getString("type")).isEqualTo("FeatureCollection");
    assertThat(geo.getLong("total")).isEqualTo(json.getLong("total"));
    JsonArray features = geo.getJsonArray("features");
    assertThat(features).hasSize(20);
    for (int i = 0; i < 20; i++) {
      JsonObject feature = features.getJsonObject(i);
      JsonObject listing = json.getJsonArray("listings").getJsonObject(i);
      assertThat(feature.getLong("id")).isEqualTo(listing.getLong("id"));
      assertThat(feature.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0))
          .isEqualTo(listing.getDouble("lon"));
      assertThat(feature.getJsonObject("properties").getLong("price")).isEqualTo(listing.getLong("price"));
    }
  }

  @Test
  void pagingWhileListingsAreInsertedAndUpdatedNeitherSkipsNorRepeats() throws SQLException {
    String box = "-88.0108,41.6012,-87.5014,42.1018";
    assertEdgesClearOfListings(box);
    String where = inBox(box) + " AND property_type = 'house'";
    List<Long> before = TestSql.longs(db, "SELECT id FROM properties WHERE " + where
        + " ORDER BY price ASC NULLS LAST, id");
    assertThat(before.size()).as("houses around Chicago").isGreaterThan(200);
    String query = "/api/listings/listings?bbox=" + box + "&type=house&sort=price&limit=100";

    JsonObject first = get(query);
    List<Long> seen = new ArrayList<>();
    first.getJsonArray("listings").forEach(l -> seen.add(((JsonObject) l).getLong("id")));
    assertThat(seen).isEqualTo(before.subList(0, 100));
    long cursorPrice = first.getJsonArray("listings").getJsonObject(99).getLong("price");

    // Cheaper houses inserted before the cursor would shift an offset and repeat listings; dearer
    // ones belong on later pages. Updates that keep the price move listings into the delta.
    TestSql.execute(db, """
        INSERT INTO properties (external_id, latitude, longitude, price, bedrooms, property_type, status)
        SELECT 'search-test-' || g, 41.85 + g * 0.001, -87.7 - g * 0.001, CASE WHEN g %% 2 = 0 THEN 1000 + g
          ELSE %d + g END, 3, 'house', 'active' FROM generate_series(1, 40) g
        """.formatted(cursorPrice + 1));
    TestSql.execute(db, "UPDATE properties SET status = CASE status WHEN 'sold' THEN 'active' ELSE 'sold' END"
        + " WHERE id IN (SELECT id FROM properties WHERE " + where + " ORDER BY price, id OFFSET 50 LIMIT 200)");
    long houses = TestSql.count(db, "SELECT count(*) FROM properties WHERE " + where);
    long sold = TestSql.count(db, "SELECT count(*) FROM properties WHERE " + where + " AND status = 'sold'");
    Waits.until("the index holds the inserts and updates", CHANGE_WAIT,
        () -> get(query).getLong("total") == houses
            && get("/api/listings/stats?bbox=" + box + "&type=house&status=sold").getLong("count") == sold);

    String cursor = first.getString("next");
    while (cursor != null) {
      JsonObject page = get(query + "&cursor=" + encode(cursor));
      page.getJsonArray("listings").forEach(l -> seen.add(((JsonObject) l).getLong("id")));
      cursor = page.getString("next");
    }
    Set<Long> distinct = new HashSet<>(seen);
    assertThat(distinct).as("no listing twice").hasSize(seen.size());
    assertThat(distinct).as("every listing that was there before").containsAll(before);
    List<Long> inserted = TestSql.longs(db, "SELECT id FROM properties WHERE external_id LIKE 'search-test-%'"
        + " AND price > " + cursorPrice);
    List<Long> insertedBefore = TestSql.longs(db, "SELECT id FROM properties WHERE external_id LIKE 'search-test-%'"
        + " AND price <= " + cursorPrice);
    assertThat(distinct).as("inserted after the cursor").containsAll(inserted);
    assertThat(distinct).as("inserted before the cursor").doesNotContainAnyElementsOf(insertedBefore);
    assertThat(seen).hasSize(before.size() + inserted.size());
  }

  @Test
  void statsEqualSqlPercentilesCountsAndHistogram() throws SQLException {
    String[][] cases = {
      {NYC, "", ""},
      {BAY, "beds=3", "bedrooms >= 3"},
      {NORTHEAST, "type=condo,house&status=active,pending",
          "property_type IN ('condo','house') AND status IN ('active','pending')"},
      {PACIFIC, "minPrice=250000", "price >= 250000"},
    };
    JsonArray edges = null;
    for (String[] c : cases) {
      JsonObject stats = get("/api/listings/stats?bbox=" + c[0] + (c[1].isEmpty() ? "" : "&" + c[1]));
      String where = inBox(c[0]) + and(c[2]);
      Map<String, Object> sql = TestSql.row(db, """
          SELECT count(*) AS count, min(price) AS min, max(price) AS max,
            percentile_disc(0.1) WITHIN GROUP (ORDER BY price) AS p10,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY price) AS median,
            percentile_disc(0.9) WITHIN GROUP (ORDER BY price) AS p90,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY price::float8 / sqft)
              FILTER (WHERE sqft > 0) AS per_sqft
          FROM properties WHERE\s""" + where);
      String label = c[0] + " " + c[1];
      assertThat(stats.getLong("count")).as(label).isEqualTo(((Number) sql.get("count")).longValue());
      JsonObject price = stats.getJsonObject("price");
      for (String p : List.of("min", "p10", "median", "p90", "max")) {
        assertThat(price.getLong(p)).as(label + " " + p).isEqualTo(((Number) sql.get(p)).longValue());
      }
      assertThat(stats.getDouble("median_price_per_sqft")).as(label + " per sqft")
          .isCloseTo(((Number) sql.get("per_sqft")).doubleValue(), within(1e-9));
      assertThat(counts(stats.getJsonObject("by_type")))
          .isEqualTo(TestSql.countsBy(db, "property_type", where));
      assertThat(counts(stats.getJsonObject("by_status"))).isEqualTo(TestSql.countsBy(db, "status", where));
      assertThat(counts(stats.getJsonObject("by_bedrooms")))
          .isEqualTo(TestSql.countsBy(db, "bedrooms::text", where + " AND bedrooms IS NOT NULL"));

      JsonObject histogram = stats.getJsonObject("histogram");
      if (edges == null) {
        edges = histogram.getJsonArray("edges");
      }
      assertThat(histogram.getJsonArray("edges")).as("edges fixed for the source").isEqualTo(edges);
      JsonArray counts = histogram.getJsonArray("counts");
      assertThat(counts).hasSize(edges.size());
      for (int i = 0; i < edges.size(); i++) {
        String upper = i + 1 < edges.size() ? " AND price < " + edges.getLong(i + 1) : "";
        assertThat(counts.getLong(i)).as(label + " bucket " + i).isEqualTo(TestSql.count(db,
            "SELECT count(*) FROM properties WHERE " + where + " AND price >= " + edges.getLong(i) + upper));
      }
    }
    assertThat(edges.getLong(0)).isZero();
    assertThat(edges.size()).isGreaterThan(10);
  }

  @Test
  void badParametersAre400AndUnknownSources404InTheTileErrorShape() {
    String ok = "bbox=" + NYC;
    Map<String, Integer> cases = new LinkedHashMap<>();
    cases.put("/api/listings/listings", 400);
    cases.put("/api/listings/listings?bbox=1,2,3", 400);
    cases.put("/api/listings/listings?bbox=1,2,3,x", 400);
    cases.put("/api/listings/listings?bbox=1,2,3,NaN", 400);
    cases.put("/api/listings/listings?bbox=-74,41,-73,40", 400);
    cases.put("/api/listings/listings?bbox=-74,40,-73,91", 400);
    cases.put("/api/listings/listings?bbox=-190,40,-73,41", 400);
    cases.put("/api/listings/listings?" + ok + "&sort=cheapest", 400);
    cases.put("/api/listings/listings?" + ok + "&limit=0", 400);
    cases.put("/api/listings/listings?" + ok + "&limit=201", 400);
    cases.put("/api/listings/listings?" + ok + "&limit=ten", 400);
    cases.put("/api/listings/listings?" + ok + "&cursor=not-a-cursor", 400);
    cases.put("/api/listings/listings?" + ok + "&bedrooms=3", 400);
    cases.put("/api/listings/stats?" + ok + "&beds=many", 400);
    cases.put("/api/listings/stats?bbox=1,2", 400);
    cases.put("/api/nowhere/listings?" + ok, 404);
    cases.put("/api/properties/listings?" + ok, 404);
    cases.put("/api/properties/stats?" + ok, 404);
    cases.forEach((path, status) -> {
      HttpResponse<byte[]> r = server.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(status);
      JsonObject body = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
      assertThat(body.fieldNames()).as(path).contains("error", "detail", "hint", "request_id");
    });
  }

  @Test
  void aCursorOnlyContinuesTheQueryItCameFrom() {
    String cursor = get("/api/listings/listings?bbox=" + NYC + "&sort=price&limit=5").getString("next");
    assertThat(cursor).isNotNull();
    assertThat(server.get("/api/listings/listings?bbox=" + NYC + "&sort=price&limit=9&cursor=" + encode(cursor))
        .statusCode()).as("another limit is the same query").isEqualTo(200);
    for (String other : List.of("&sort=-price", "&sort=price&beds=2", "&sort=price&bbox=-74.2,40.55,-73.7,40.9")) {
      String path = "/api/listings/listings?" + (other.contains("bbox") ? "" : "bbox=" + NYC) + other + "&cursor="
          + encode(cursor);
      HttpResponse<byte[]> r = server.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("another bbox, filters or sort");
    }
  }

  @Test
  void answersAreRevalidatedLikeTileJsonAndPurgedWithTheirSource() {
    for (String path : List.of("/api/listings/listings?bbox=" + BAY, "/api/listings/stats?bbox=" + BAY)) {
      HttpResponse<byte[]> r = server.get(path);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control"))
          .isEqualTo(server.get("/tiles/listings.json").headers().firstValue("Cache-Control"));
      assertThat(r.headers().firstValue("Surrogate-Key")).hasValue("src:listings");
      String etag = r.headers().firstValue("ETag").orElseThrow();
      assertThat(new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getLong("version")).isPositive();
      assertThat(server.get(path, "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
      assertThat(server.get(path + "&beds=1", "If-None-Match", etag).statusCode()).as(path).isEqualTo(200);
    }
  }

  private static JsonObject get(String path) {
    HttpResponse<byte[]> r = server.get(path);
    assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }

  private static Map<String, Long> counts(JsonObject json) {
    Map<String, Long> out = new LinkedHashMap<>();
    json.forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
    return out;
  }

  /** The box in degrees over the stored geometry; across the antimeridian when west > east. */
  static String inBox(String bbox) {
    String[] v = bbox.split(",");
    String lon = Double.parseDouble(v[0]) > Double.parseDouble(v[2])
        ? "(ST_X(geom) >= " + v[0] + " OR ST_X(geom) <= " + v[2] + ")"
        : "ST_X(geom) BETWEEN " + v[0] + " AND " + v[2];
    return "geom IS NOT NULL AND " + lon + " AND ST_Y(geom) BETWEEN " + v[1] + " AND " + v[3];
  }

  private static String and(String where) {
    return where.isEmpty() ? "" : " AND " + where;
  }

  /**
   * The index keeps positions to 2 cm, so a listing within that of an edge could fall on either side;
   * the boxes are chosen with no listing within 1e-5° (about a metre) of any edge.
   */
  private static void assertEdgesClearOfListings(String bbox) throws SQLException {
    String[] v = bbox.split(",");
    long near = TestSql.count(db, "SELECT count(*) FROM properties WHERE abs(ST_X(geom) - " + v[0] + ") < 1e-5"
        + " OR abs(ST_X(geom) - " + v[2] + ") < 1e-5 OR abs(ST_Y(geom) - " + v[1] + ") < 1e-5"
        + " OR abs(ST_Y(geom) - " + v[3] + ") < 1e-5");
    assertThat(near).as("listings on the edge of " + bbox).isZero();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
