package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first plan's {@code /api/properties/viewport}, answered by the cluster source: from zoom 14 the
 * listings in view, cheapest first, as SQL orders them; below it clusters that together hold exactly
 * the listings SQL counts, each split by property type; and the plan's validation as 400s.
 */
class PlanViewportHttpTest {
  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    db = TestServices.freshDatabase("plan_viewport");
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(23, 20_000)), n -> {});
    server = TestServer.start(db, ListingSearchHttpTest.CONFIG);
    Waits.await("the cluster index loads", ListingSearchHttpTest.LOAD_WAIT, server.app().clustersLoaded());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject get(String path) {
    HttpResponse<byte[]> r = server.get(path);
    assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void fromZoom14TheListingsInViewComeCheapestFirstAsSqlOrdersThem() throws SQLException {
    JsonObject answer = get("/api/properties/viewport?north=40.9029&south=40.5517&east=-73.7013&west=-74.2031"
        + "&zoom=15&minPrice=200000&beds=2&propertyType=house,condo");
    String where = "geom IS NOT NULL AND ST_X(geom) BETWEEN -74.2031 AND -73.7013 AND ST_Y(geom) BETWEEN 40.5517"
        + " AND 40.9029 AND price >= 200000 AND bedrooms >= 2 AND property_type IN ('house', 'condo')";
    List<Long> expected = TestSql.longs(db, "SELECT id FROM properties WHERE " + where
        + " ORDER BY price ASC NULLS LAST, id LIMIT 2000");
    assertThat(expected).isNotEmpty();
    assertThat(answer.getString("type")).isEqualTo("properties");
    assertThat(answer.getInteger("zoom")).isEqualTo(15);
    List<Long> served = new ArrayList<>();
    answer.getJsonArray("data").forEach(p -> served.add(((JsonObject) p).getLong("id")));
    assertThat(served).isEqualTo(expected);
    assertThat(answer.getJsonObject("metadata").getLong("count"))
        .isEqualTo(TestSql.count(db, "SELECT count(*) FROM properties WHERE " + where));
    assertThat(answer.getJsonObject("metadata").getLong("response_time_ms")).isNotNegative();
    JsonObject first = answer.getJsonArray("data").getJsonObject(0);
    assertThat(first.fieldNames()).contains("latitude", "longitude", "price", "beds", "baths", "sqft",
        "propertyType", "status");
  }

  @Test
  void belowZoom14ClustersHoldEveryListingInViewSplitByType() throws SQLException {
    JsonObject answer = get("/api/properties/viewport?north=55&south=20&east=-60&west=-130&zoom=4&status=active");
    assertThat(answer.getString("type")).isEqualTo("clusters");
    JsonArray clusters = answer.getJsonArray("data");
    long total = 0;
    for (int i = 0; i < clusters.size(); i++) {
      JsonObject cluster = clusters.getJsonObject(i);
      long count = cluster.getLong("count");
      total += count;
      long byType = cluster.getJsonObject("types").stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
      assertThat(byType).as("types of cluster %d", i).isEqualTo(count);
      assertThat(cluster.getLong("minPrice")).isLessThanOrEqualTo(cluster.getLong("avgPrice"));
      assertThat(cluster.getLong("avgPrice")).isLessThanOrEqualTo(cluster.getLong("maxPrice"));
    }
    long expected = TestSql.count(db, "SELECT count(*) FROM properties WHERE geom IS NOT NULL AND status = 'active'"
        + " AND ST_X(geom) BETWEEN -130 AND -60 AND ST_Y(geom) BETWEEN 20 AND 55");
    assertThat(total).isEqualTo(expected);
    assertThat(answer.getJsonObject("metadata").getLong("count")).isEqualTo(expected);
  }

  @Test
  void thePlansValidationAnswers400() {
    String box = "north=40.9&south=40.5&east=-73.7&west=-74.2";
    for (String query : List.of("south=40.5&east=-73.7&west=-74.2&zoom=10", box + "&zoom=30", box + "&zoom=10.5",
        "north=40.5&south=40.9&east=-73.7&west=-74.2&zoom=10", box + "&zoom=10&propertyType=castle",
        box + "&zoom=10&status=gone", box + "&zoom=10&beds=2.5", box + "&zoom=10&minPrice=9&maxPrice=1",
        box + "&zoom=10&baths=-1", "north=80&south=-80&east=170&west=-170&zoom=12")) {
      HttpResponse<byte[]> r = server.get("/api/properties/viewport?" + query);
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(new JsonObject(new String(r.body(), StandardCharsets.UTF_8)).getString("detail")).as(query)
          .isNotBlank();
    }
  }
}
