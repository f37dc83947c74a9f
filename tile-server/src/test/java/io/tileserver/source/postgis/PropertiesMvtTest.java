package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.tileserver.filter.FilterSet;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.source.TileSource;
import io.tileserver.testing.TestSql;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The listings tile function installed by changeset 007, served as a function source. */
class PropertiesMvtTest {
  private static FixtureDatabase db;

  @BeforeAll
  static void migrate() {
    db = FixtureDatabase.create("properties_mvt");
    new SchemaMigrator(db.url).update();
    // 200 listings in tile 14/2624/5721 with cycling attributes, and one without price or bedrooms.
    db.execute("""
        INSERT INTO properties (external_id, latitude, longitude, price, bedrooms, bathrooms, property_type, status)
        SELECT 'p' || g, 47.607 + (g / 20) * 0.0012, -122.342 + (g % 20) * 0.001, g * 5000, g % 6,
               1 + (g % 4) * 0.5, (ARRAY['house', 'condo', 'townhouse', 'apartment', 'land'])[1 + g % 5],
               (ARRAY['active', 'pending', 'sold'])[1 + g % 3]
        FROM generate_series(1, 200) AS g;
        INSERT INTO properties (external_id, latitude, longitude, property_type) VALUES ('bare', 47.613, -122.335, 'land');
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static long served(TileSource source, Map<String, List<String>> query) {
    FilterSet filters = FilterSet.parse(source.info().filters(), query);
    byte[] tile = tile(source, 14, 2624, 5721, filters);
    return TileDump.decode(tile).getLayers().stream().mapToLong(l -> l.getGeometries().size()).sum();
  }

  private static Map<String, List<String>> query(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(kv[0], List.of(kv[1]));
      }
    }
    return params;
  }

  @Test
  void itIsPublishedAsAFunctionSourceWithoutAnyConfig() {
    TileSource source = source(db.discover("database:\n  url: ${DB}\n"), "properties_mvt");
    assertThat(source.info().kind()).isEqualTo("function");
    assertThat(source.info().passThroughQuery()).isTrue();
    assertThat(source.info().description()).startsWith("Listings tile (layer properties)");
    JtsLayer layer = TileDump.decode(tile(source, 14, 2624, 5721, FilterSet.NONE)).getLayer("properties");
    assertThat(layer.getGeometries()).hasSize(201);
  }

  @ParameterizedTest(name = "?{0} serves the rows WHERE {1}")
  @CsvSource(delimiter = '|', value = {
    "                                       | true",
    "minPrice=500000                        | price >= 500000",
    "minPrice=1e5&maxPrice=250000           | price BETWEEN 100000 AND 250000",
    "beds=3&baths=2                         | bedrooms >= 3 AND bathrooms >= 2",
    "type=condo,land                        | property_type IN ('condo', 'land')",
    "status=sold,pending&type=house         | status IN ('sold', 'pending') AND property_type = 'house'",
    "beds=2&type=house,townhouse&status=active&minPrice=200000&maxPrice=900000"
        + "| bedrooms >= 2 AND property_type IN ('house', 'townhouse') AND status = 'active'"
        + "  AND price BETWEEN 200000 AND 900000"
  })
  void filtersMatchASqlCount(String queryString, String where) {
    List<TileSource> sources = db.discover("""
        database:
          url: ${DB}
        sources:
          listings:
            function: properties_mvt
            layer: properties
            filters:
              minPrice: {column: price, op: ">=", type: number}
              maxPrice: {column: price, op: "<=", type: number}
              beds: {column: bedrooms, op: ">=", type: int}
              baths: {column: bathrooms, op: ">=", type: number}
              type: {column: property_type, op: in, type: text, values: [house, condo, townhouse, apartment, land]}
              status: {column: status, op: in, type: text, values: [active, pending, sold]}
        """);
    long expected = db.count("SELECT count(*) FROM properties WHERE " + where);
    assertThat(served(source(sources, "listings"), query(queryString == null ? "" : queryString))).isEqualTo(expected);
  }

  private static Object call(String queryJson) throws SQLException {
    return TestSql.scalar(db.url, "SELECT length(properties_mvt(14, 2624, 5721, " + queryJson + "))");
  }

  @Test
  void emptyValuesAndUnknownKeysAreNoFilter() throws SQLException {
    Object unfiltered = call("'{}'");
    assertThat(call("'{\"minPrice\": \"\", \"type\": \" , \", \"color\": \"red\"}'")).isEqualTo(unfiltered);
    assertThat(call("NULL")).isEqualTo(unfiltered);
  }

  @Test
  void aValueThatIsNotANumberIsAClearErrorNotACrash() {
    assertThatThrownBy(() -> call("'{\"beds\": \"3; DROP TABLE properties\"}'"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"))
        .hasMessageContaining("properties_mvt: query parameter beds must be a number, was 3; DROP TABLE properties");
    assertThat(db.count("SELECT count(*) FROM properties")).isEqualTo(201);
  }

  @Test
  void itIsDeclaredStableAndParallelSafe() throws SQLException {
    assertThat(TestSql.scalar(db.url,
        "SELECT provolatile::text || proparallel::text FROM pg_proc WHERE proname = 'properties_mvt'")).isEqualTo("ss");
  }
}
