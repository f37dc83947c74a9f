package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.ConfigException;
import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import io.tileserver.testing.TestSql;
import io.tileserver.tile.Bounds;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code database.auto-bounds}, Martin's {@code auto_bounds}: quick takes the planner's estimate
 * (else the extent), calc the exact extent even where statistics exist, skip reads nothing. The
 * expected boxes come from PostGIS ({@code ST_EstimatedExtent}, {@code ST_Extent}); whether a mode
 * read a table shows in a counter that a view's rows bump as they are read.
 */
class AutoBoundsTest {
  private static FixtureDatabase db;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("auto_bounds", "points", "utm");
    // Statistics, then a row they do not know of: the estimate stops near -122.32, the extent at -100.
    // Without the index: ST_EstimatedExtent reads a spatial index's root, which is never stale.
    db.execute("DROP INDEX points_geom_idx");
    db.execute("ANALYZE points");
    db.execute("INSERT INTO points (id, name, geom) VALUES (100, 'Far East', 'SRID=4326;POINT(-100 40)')");
    db.execute("""
        CREATE TABLE rows_read (n integer);
        CREATE FUNCTION note_read() RETURNS boolean LANGUAGE sql VOLATILE
          AS $$ INSERT INTO rows_read VALUES (1) RETURNING true $$;
        CREATE VIEW watched AS SELECT id, geom FROM points WHERE note_read();
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static List<TileSource> discover(String mode) {
    db.execute("TRUNCATE rows_read");
    return db.discover("database:\n  url: ${DB}\n" + (mode == null ? "" : "  auto-bounds: " + mode + "\n"));
  }

  private static Bounds bounds(List<TileSource> sources, String id) {
    return source(sources, id).info().bounds();
  }

  /** The box PostGIS computes with {@code aggregate} over the points, as [west, south, east, north]. */
  private static List<Double> box(String aggregate) throws SQLException {
    String box = "(SELECT " + aggregate + " AS b) q";
    return List.of(
        ((Number) TestSql.scalar(db.url, "SELECT ST_XMin(b) FROM " + box)).doubleValue(),
        ((Number) TestSql.scalar(db.url, "SELECT ST_YMin(b) FROM " + box)).doubleValue(),
        ((Number) TestSql.scalar(db.url, "SELECT ST_XMax(b) FROM " + box)).doubleValue(),
        ((Number) TestSql.scalar(db.url, "SELECT ST_YMax(b) FROM " + box)).doubleValue());
  }

  private static void assertBox(Bounds bounds, List<Double> expected) {
    assertThat(bounds.asList()).usingElementComparator((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void quickIsTheDefaultAndTakesThePlannersEstimateWhereThereAreStatistics() throws SQLException {
    List<TileSource> sources = discover(null);
    assertBox(bounds(sources, "points"), box("ST_EstimatedExtent('public', 'points', 'geom')"));
    assertThat(bounds(sources, "points").east()).as("the row added after ANALYZE is not in the estimate")
        .isLessThan(-122);
  }

  @Test
  void quickReadsTheRowsWhereThereAreNoStatistics() throws SQLException {
    List<TileSource> sources = discover("quick");
    assertBox(bounds(sources, "watched"), box("(SELECT ST_Extent(geom) FROM points)"));
    assertThat(db.count("SELECT count(*) FROM rows_read")).isPositive();
  }

  @Test
  void calcTakesTheExactExtentEvenWhereThereAreStatistics() throws SQLException {
    List<TileSource> sources = discover("calc");
    assertBox(bounds(sources, "points"), box("(SELECT ST_Extent(geom) FROM points)"));
    assertThat(bounds(sources, "points").east()).isEqualTo(-100);
    assertBox(bounds(sources, "watched"), box("(SELECT ST_Extent(geom) FROM points)"));
  }

  @Test
  void skipPublishesTheWholeWorldWithoutReadingATable() {
    List<TileSource> sources = discover("skip");
    assertThat(bounds(sources, "points")).isEqualTo(Bounds.WORLD);
    assertThat(bounds(sources, "watched")).isEqualTo(Bounds.WORLD);
    assertThat(db.count("SELECT count(*) FROM rows_read")).as("rows the view read").isZero();
  }

  /** Its tile's box, clipped to the world instead of the data, is transformed into UTM near the zone. */
  @Test
  void aProjectedTableServesTilesNearItsDataWithWorldBounds() {
    List<TileSource> sources = discover("skip");
    assertThat(bounds(sources, "utm_lines")).isEqualTo(Bounds.WORLD);
    assertThat(TileDump.featureCount(tile(source(sources, "utm_lines"), 14, 2624, 5721, FilterSet.NONE)))
        .isEqualTo(db.count("SELECT count(*) FROM utm_lines"));
  }

  @Test
  void anUnknownModeIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> db.config("database:\n  auto-bounds: fast\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `database.auto-bounds` must be quick, calc or skip, was fast");
  }
}
