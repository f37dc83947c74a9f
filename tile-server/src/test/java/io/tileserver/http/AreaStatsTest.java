package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Area statistics from the schema's views: cities of a state and ZIP polygons, each equal to what SQL
 * computes from the listings themselves (not from the views), in the asked order; the views are
 * refreshed on the configured schedule, the answer says how old they are, the ZIP tile source drawn
 * from them is retired after a refresh, and bad parameters are 400s.
 */
class AreaStatsTest {
  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    db = TestServices.freshDatabase("area_stats");
    new SchemaMigrator(db).update();
    TestSql.execute(db, """
        INSERT INTO properties (external_id, city, state, zip, latitude, longitude, price, sqft, property_type, status)
        SELECT 'l' || i, (ARRAY['Seattle', 'Bellevue', 'Tacoma', 'Portland'])[1 + i % 4],
               CASE WHEN i % 4 = 3 THEN 'OR' ELSE 'WA' END, NULL,
               47.0 + (i % 4) * 0.2 + (i % 7) * 0.001, -122.5 + (i % 4) * 0.2 + (i % 5) * 0.001,
               100000 + (i * 7919) % 900000, 500 + (i * 31) % 3000,
               (ARRAY['house', 'condo', 'townhouse'])[1 + i % 3], (ARRAY['active', 'pending', 'sold'])[1 + i % 3]
          FROM generate_series(1, 403) i;
        INSERT INTO zip_areas VALUES
          ('98101', 'West', ST_Multi(ST_MakeEnvelope(-122.6, 46.9, -122.25, 47.5, 4326))),
          ('98102', 'East', ST_Multi(ST_MakeEnvelope(-122.25, 46.9, -121.8, 47.8, 4326))),
          ('98103', 'Empty', ST_Multi(ST_MakeEnvelope(-100, 40, -99, 41, 4326)));
        REFRESH MATERIALIZED VIEW city_stats;
        REFRESH MATERIALIZED VIEW zip_stats;
        """);
    server = TestServer.start(db, """
        server: {port: 0}
        database: {url: "${DATABASE_URL}"}
        schema: {migrate-on-start: false}
        rate-limit: {enabled: false}
        stats: {refresh-seconds: 10, sources: [zip_prices]}
        sources:
          zip_prices: {table: zip_price_areas, properties: [zip, median_price, listing_count]}
        """);
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject json(String path) {
    HttpResponse<byte[]> r = server.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }

  /** Rows of {@code sql} as "a|b|c" lines: the oracle. */
  private static List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        out.add(String.join("|", values));
      }
    }
    return out;
  }

  private static List<String> served(JsonArray items, String... keys) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      List<String> values = new ArrayList<>();
      for (String key : keys) {
        values.add(String.valueOf(item.getValue(key)));
      }
      out.add(String.join("|", values));
    }
    return out;
  }

  @Test
  void citiesOfAStateAreWhatSqlMakesOfTheListingsInTheAskedOrder() throws SQLException {
    JsonObject answer = json("/api/stats/cities?state=wa&sort=-median_price");
    assertThat(served(answer.getJsonArray("cities"), "city", "listing_count", "median_price", "min_price", "max_price"))
        .containsExactlyElementsOf(rows("""
            SELECT city, count(*), (percentile_cont(0.5) WITHIN GROUP (ORDER BY price))::bigint, min(price), max(price)
              FROM properties WHERE state = 'WA' GROUP BY city ORDER BY 3 DESC, city"""));
    assertThat(answer.getString("state")).isEqualTo("WA");
    assertThat(answer.getLong("age_seconds")).isNotNegative();
    assertThat(json("/api/stats/WA").getJsonArray("cities").getJsonObject(0).getString("city"))
        .as("the plan's endpoint: most listings first")
        .isEqualTo(rows("SELECT city FROM properties WHERE state = 'WA' GROUP BY city ORDER BY count(*) DESC, city LIMIT 1")
            .get(0));
  }

  @Test
  void zipAreasCountTheListingsInsideTheirPolygons() throws SQLException {
    JsonObject answer = json("/api/stats/zips?sort=-listings");
    assertThat(served(answer.getJsonArray("zips"), "zip", "listing_count", "median_price"))
        .containsExactlyElementsOf(rows("""
            SELECT z.zip, count(p.id), percentile_disc(0.5) WITHIN GROUP (ORDER BY p.price)
              FROM zip_areas z LEFT JOIN properties p ON ST_Intersects(z.geom, p.geom)
             GROUP BY z.zip ORDER BY 2 DESC, z.zip"""));
    assertThat(served(json("/api/stats/zips?bbox=-101,39,-98,42").getJsonArray("zips"), "zip", "listing_count"))
        .containsExactly("98103|0");
  }

  @Test
  void theViewsAreRefreshedOnScheduleAndTheirZipTilesRetired() throws SQLException {
    String before = json("/tiles/zip_prices.json").getJsonArray("tiles").getString(0);
    TestSql.execute(db, "INSERT INTO properties (external_id, city, state, latitude, longitude, price, property_type)"
        + " VALUES ('new-town-1', 'Newtown', 'WA', 47.1, -122.4, 250000, 'house')");
    Waits.until("the refreshed city_stats shows Newtown", Duration.ofSeconds(40),
        () -> json("/api/stats/cities?state=WA&sort=city").getJsonArray("cities").stream()
            .anyMatch(c -> "Newtown".equals(((JsonObject) c).getString("city"))));
    assertThat(json("/api/stats/cities?state=WA").getLong("age_seconds")).isLessThan(40);
    Waits.until("the ZIP source's version moved", Duration.ofSeconds(10),
        () -> !json("/tiles/zip_prices.json").getJsonArray("tiles").getString(0).equals(before));
    assertThat(new String(server.get("/metrics").body(), StandardCharsets.UTF_8))
        .containsPattern("stats_refreshes_total\\{outcome=\"done\",?\\} [1-9]")
        .contains("stats_view_age_seconds{view=\"zip_stats\"}");
  }

  @Test
  void badParametersAreRefusedWithTheReason() {
    for (String path : List.of("/api/stats/cities?state=Washington", "/api/stats/cities?sort=price",
        "/api/stats/cities?limit=0", "/api/stats/zips?bbox=1,2,3", "/api/stats/zips?bbox=10,0,5,1",
        "/api/stats/W1")) {
      HttpResponse<byte[]> r = server.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(400);
      assertThat(new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("error")).as(path).isNotBlank();
    }
  }
}
