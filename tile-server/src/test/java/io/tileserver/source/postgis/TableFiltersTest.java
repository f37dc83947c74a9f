package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.testing.TestSql;
import java.sql.SQLException;
import io.tileserver.source.TileSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;

/**
 * Filters on a table source return exactly the rows SQL says, and values (SQL in them included) are
 * bound, never spliced: the source is called directly with a {@link FilterSet} parsed as the HTTP
 * layer parses it.
 */
class TableFiltersTest {
  private static final String INJECTION = "'; DROP TABLE listings; --";
  private static FixtureDatabase db;
  private static PostgisTableSource listings;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("filters", "filter_listings");
    // One listing whose note is the injection text itself: only a bound value can match it exactly.
    db.execute("INSERT INTO listings (id, price, note, status, geom) VALUES (201, 1, '" + INJECTION.replace("'", "''")
        + "', 'active', 'SRID=4326;POINT(-122.335 47.613)')");
    List<TileSource> sources = db.discover("""
        database:
          url: ${DB}
        sources:
          listings:
            id-column: id
            filters:
              minPrice: {column: price, op: ">=", type: number}
              maxPrice: {column: price, op: "<=", type: number}
              beds: {column: bedrooms, op: ">=", type: int}
              baths: {column: bathrooms, op: ">", type: number}
              type: {column: property_type, op: in, type: text}
              status: {column: status, op: "=", type: text, values: [active, pending, sold]}
              notStatus: {column: status, op: "!=", type: text}
              pool: {column: pool, op: "=", type: bool}
              bedsIn: {column: bedrooms, op: in, type: int}
              note: {column: note, op: "=", type: text}
        """);
    listings = (PostgisTableSource) source(sources, "listings");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  /** Parses {@code a=1&b=2} against the source's declared filters, as the HTTP layer does. */
  private static FilterSet filters(String query) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(kv[0], List.of(kv[1]));
      }
    }
    return FilterSet.parse(listings.info().filters(), params);
  }

  private static TreeSet<Long> servedIds(FilterSet filters) {
    TreeSet<Long> ids = new TreeSet<>();
    for (JtsLayer layer : TileDump.decode(tile(listings, 14, 2624, 5721, filters)).getLayers()) {
      for (Geometry g : layer.getGeometries()) {
        ids.add((Long) ((Map<?, ?>) g.getUserData()).get(TileDump.ID_KEY));
      }
    }
    return ids;
  }

  private static TreeSet<Long> sqlIds(String where) {
    String ids = (String) scalar("SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM listings WHERE " + where);
    TreeSet<Long> set = new TreeSet<>();
    Arrays.stream(ids.split(",")).filter(s -> !s.isEmpty()).map(Long::valueOf).forEach(set::add);
    return set;
  }

  private static Object scalar(String sql) {
    try {
      return TestSql.scalar(db.url, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "?{0} serves the rows WHERE {1}")
  @CsvSource(delimiter = '|', value = {
    "minPrice=500000                       | price >= 500000",
    "minPrice=1e5&maxPrice=250000.5        | price BETWEEN 100000 AND 250000",
    "beds=3                                | bedrooms >= 3",
    "baths=2                               | bathrooms > 2",
    "type=condo,land                       | property_type IN ('condo', 'land')",
    "status=sold                           | status = 'sold'",
    "notStatus=sold                        | status <> 'sold'",
    "pool=true                             | pool",
    "pool=no                               | NOT pool",
    "bedsIn=0,5                            | bedrooms IN (0, 5)",
    "beds=2&type=house,townhouse&status=active&minPrice=200000 "
        + "| bedrooms >= 2 AND property_type IN ('house', 'townhouse') AND status = 'active' AND price >= 200000",
    "minPrice=2000000                      | false"
  })
  void filteredTilesHoldExactlyTheRowsSqlSelects(String query, String where) {
    assertThat(servedIds(filters(query))).isEqualTo(sqlIds(where)).hasSameSizeAs(sqlIds(where));
  }

  @Test
  void aTileWhoseRowsAreAllFilteredOutIsEmpty() {
    assertThat(tile(listings, 14, 2624, 5721, filters("minPrice=2000000"))).isEmpty();
  }

  @Test
  void anUnfilteredTileHoldsEveryRow() {
    assertThat(servedIds(FilterSet.NONE)).hasSize(201);
  }

  @ParameterizedTest(name = "note={0}")
  @ValueSource(strings = {
    INJECTION,
    "x' OR '1'='1",
    "$1; SELECT pg_sleep(10)",
    "Ünïcødé ✓ 𝄞 \\\" \u0001",
  })
  void filterValueIsBoundNotSpliced(String value) {
    FilterSet filters = FilterSet.parse(listings.info().filters(), Map.of("note", List.of(value)));
    assertThat(listings.sql(filters)).doesNotContain(value).contains("\"note\" = $6::text");
    assertThat(servedIds(filters)).isEqualTo(sqlIds("note = '" + value.replace("'", "''") + "'"));
    assertThat(db.count("SELECT count(*) FROM listings")).isEqualTo(201);
  }

  @Test
  void aValueThatIsTheInjectionTextMatchesOnlyTheRowHoldingThatText() {
    assertThat(servedIds(filters("note=" + INJECTION))).containsExactly(201L);
    assertThat(db.count("SELECT count(*) FROM listings")).isEqualTo(201);
  }

  @Test
  void inListItemsWithSqlInThemAreBoundAsOneArray() {
    FilterSet filters = filters("type=house,'); DROP TABLE listings; --");
    assertThat(listings.sql(filters)).contains("\"property_type\" = ANY($6::text[])").doesNotContain("DROP");
    assertThat(servedIds(filters)).isEqualTo(sqlIds("property_type = 'house'"));
    assertThat(db.count("SELECT count(*) FROM listings")).isEqualTo(201);
  }

  @Test
  void theLongestAcceptedTextValueIsBound() {
    String longest = "é".repeat(FilterSpec.MAX_TEXT_LENGTH);
    assertThat(servedIds(filters("note=" + longest))).isEmpty();
    assertThat(db.count("SELECT count(*) FROM listings")).isEqualTo(201);
  }

  @Test
  void theSqlIsBuiltOncePerFilterShapeAndNeverPerValue() {
    String first = listings.sql(filters("beds=1&minPrice=100"));
    String second = listings.sql(filters("minPrice=999999&beds=4"));
    assertThat(second).isSameAs(first);
    assertThat(listings.sql(filters("beds=1"))).isNotEqualTo(first);
  }
}
