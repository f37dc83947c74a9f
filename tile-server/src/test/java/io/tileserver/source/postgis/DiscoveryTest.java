package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.TileSource;
import io.tileserver.tile.Bounds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Auto-discovery: what becomes a source, under which id, with which columns, SRID and bounds. */
class DiscoveryTest {
  private static FixtureDatabase db;
  private static List<TileSource> sources;

  @BeforeAll
  static void discover() {
    db = FixtureDatabase.create("discovery", "points", "polygons", "lines", "quoted_names", "mercator", "utm",
        "matview", "functions", "empty", "discovery_edge_cases");
    db.execute("ANALYZE points");
    sources = db.discover("""
        database:
          url: ${DB}
          auto-publish: {schemas: [public, other, Odd Schema]}
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static SourceInfo info(String id) {
    return source(sources, id).info();
  }

  private static Map<String, String> fields(String id) {
    return info(id).layers().get(0).fields();
  }

  @Test
  void tablesViewsMaterializedViewsAndFunctionsAreDiscoveredInSchemaAndNameOrder() {
    assertThat(sources).extracting(TileSource::id).containsExactly(
        "My--Odd-.Table-name",
        "roads", "empty_table", "lines", "mercator_points", "point_grid", "points", "polygons", "roads.1",
        "roads_view", "text_ids", "tiles.1", "two_geoms", "two_geoms.1", "utm_lines",
        "fixture_filtered", "fixture_tile");
    assertThat(info("point_grid").kind()).isEqualTo("table");
    assertThat(info("fixture_tile").kind()).isEqualTo("function");
  }

  @Test
  void idFormatsNameSourcesAfterSchemaTableColumnAndFunctionAsMartinsSourceIdFormat() {
    List<TileSource> formatted = db.discover("""
        database:
          url: ${DB}
          auto-publish:
            schemas: [public, other, Odd Schema]
            table-id-format: "{schema}.{table}.{column}"
            function-id-format: "fn_{schema}_{function}"
        """);
    assertThat(formatted).extracting(TileSource::id).startsWith("Odd-Schema.My--Odd-.Table-name.Geom-Column",
        "other.roads.geom", "public.empty_table.geom").contains("public.roads.geom", "public.two_geoms.a",
        "public.two_geoms.b", "public.tiles.geom", "fn_public_fixture_tile", "fn_public_fixture_filtered");
  }

  @Test
  void aNameTakenTwiceGetsASuffixInDiscoveryOrder() {
    assertThat(((PostgisTableSource) source(sources, "roads")).sql(FilterSet.NONE))
        .contains("FROM \"other\".\"roads\"");
    assertThat(((PostgisTableSource) source(sources, "roads.1")).sql(FilterSet.NONE))
        .contains("FROM \"public\".\"roads\"");
  }

  @Test
  void aTableNamedLikeAReservedUrlWordIsRenamed() {
    assertThat(sources).extracting(TileSource::id).doesNotContain("tiles").contains("tiles.1");
  }

  @Test
  void eachGeometryColumnOfATableIsItsOwnSource() {
    assertThat(((PostgisTableSource) source(sources, "two_geoms")).sql(FilterSet.NONE))
        .contains("\"a\" && ST_Transform(");
    assertThat(((PostgisTableSource) source(sources, "two_geoms.1")).sql(FilterSet.NONE))
        .contains("\"b\" && ST_TileEnvelope(");
  }

  @Test
  void aGeometryColumnWithoutSridIsNotPublished() {
    assertThat(sources).extracting(TileSource::id).doesNotContain("no_srid");
  }

  @Test
  void everyColumnButTheGeometryIsAnAttributeWithItsTileJsonTypeAsInMartin() {
    assertThat(fields("points")).containsExactly(
        Map.entry("id", "Number"), Map.entry("name", "String"), Map.entry("price", "Number"), Map.entry("beds", "Number"),
        Map.entry("baths", "Number"), Map.entry("active", "Boolean"), Map.entry("kind", "String"),
        Map.entry("tags", "String"), Map.entry("listed", "String"));
  }

  @Test
  void aTableWithoutAnIntegerIdServesFeaturesWithoutIds() {
    db.execute("INSERT INTO text_ids VALUES ('a-1', 'first', 'SRID=4326;POINT(-122.335 47.613)')");
    assertThat(TileDump.dump(FixtureDatabase.tile(source(sources, "text_ids"), 14, 2624, 5721, FilterSet.NONE)))
        .contains("feature id=none Point", "id = a-1 (String)", "label = first (String)");
  }

  @Test
  void quotedNamesAreReadAsTheyAreAndTheIdIsMartins() {
    assertThat(fields("My--Odd-.Table-name")).containsExactly(
        Map.entry("Feature Id", "Number"), Map.entry("Display Name", "String"), Map.entry("a.b", "Number"));
    assertThat(info("My--Odd-.Table-name").description()).isEqualTo("Names that need quoting");
  }

  @Test
  void descriptionsComeFromComments() {
    assertThat(info("points").description()).isEqualTo("Fixture points around downtown Seattle");
    assertThat(info("roads_view").description()).isEqualTo("A view over roads");
    assertThat(info("point_grid").description()).isEqualTo("A 3x3 grid of points");
    assertThat(info("fixture_tile").description()).isEqualTo("Two fixed points");
  }

  @Test
  void boundsComeFromTheEstimateOrTheExtentInWgs84() {
    Bounds analysed = info("points").bounds();
    assertThat(analysed.west()).isCloseTo(-122.3421, within(0.01));
    assertThat(analysed.north()).isCloseTo(47.6190, within(0.01));
    Bounds exact = info("polygons").bounds();
    assertThat(exact.asList()).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
        .containsExactly(-122.340, 47.607, -122.318, 47.618);
    Bounds mercator = info("mercator_points").bounds();
    assertThat(mercator.west()).isCloseTo(-122.3421, within(1e-6));
    assertThat(mercator.south()).isCloseTo(47.6097, within(1e-6));
    // A UTM box turns a little when projected: its WGS84 box holds the data with a small margin.
    Bounds utm = info("utm_lines").bounds();
    assertThat(utm.west()).isBetween(-122.3425, -122.3419);
    assertThat(utm.north()).isBetween(47.6179, 47.6185);
  }

  @Test
  void anEmptyTableHasWorldBounds() {
    assertThat(info("empty_table").bounds()).isEqualTo(Bounds.WORLD);
  }

  @Test
  void functionsTakingTheQueryWithoutDeclaredFiltersPassItThrough() {
    assertThat(info("fixture_filtered").passThroughQuery()).isTrue();
    assertThat(info("fixture_tile").passThroughQuery()).isFalse();
  }

  @Test
  void defaultsAreZoom0To30AndTheLayerIsNamedAfterTheSource() {
    assertThat(info("points").minzoom()).isZero();
    assertThat(info("points").maxzoom()).isEqualTo(30);
    assertThat(info("roads.1").layers().get(0).id()).isEqualTo("roads.1");
  }
}
