package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import io.tileserver.testing.GoldenFile;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture source's tiles across zooms 0, 6, 12 and 14, as text dumps compared with the files in
 * {@code src/test/resources/golden/<source>_<z>_<x>_<y>.txt}. {@code -Dgolden.update=true} rewrites
 * them; review the diff before committing. The dumps are checked independently too, so a wrong
 * golden file cannot be blessed unnoticed: a table tile must hold exactly the features PostGIS makes
 * of the table's rows one by one ({@link TableTileOracle}: ids, geometries, attributes and their
 * types, with no envelope test, so the server's index test loses nothing), and a function tile must
 * be the bytes the function returns when called directly.
 */
class GoldenTilesTest {
  private static final Path GOLDEN = TestServices.projectRoot().resolve("tile-server/src/test/resources/golden");
  private static final List<int[]> SEATTLE = List.of(
      new int[] {0, 0, 0}, new int[] {6, 10, 22}, new int[] {12, 656, 1430}, new int[] {14, 2624, 5721});
  private static final List<int[]> ANTIMERIDIAN = List.of(
      new int[] {0, 0, 0}, new int[] {6, 63, 35}, new int[] {6, 0, 35}, new int[] {12, 4095, 2244},
      new int[] {12, 0, 2244}, new int[] {14, 16383, 8977}, new int[] {14, 0, 8977});
  /** fixture_filtered is asked with this query: its tiles show the JSON it received. */
  private static final FilterSet FUNCTION_QUERY = FixtureDatabase.passThrough(Map.of("minValue", List.of("2")));
  private static final String FUNCTION_QUERY_JSON = "'{\"minValue\": \"2\"}'::jsonb";

  private static FixtureDatabase db;
  private static List<TileSource> sources;

  /**
   * A golden case: a source, and for table sources the relation (quoted SQL) and the name of the
   * geometry column the oracle reads; null for functions. Tables are published with the defaults,
   * Martin's: no feature ids, every column a property (FeatureIdsTest covers the id rules).
   */
  record Case(String sourceId, String from, String geometryColumn, List<int[]> tiles) {}

  private static final List<Case> CASES = List.of(
      new Case("points", "public.points", "geom", SEATTLE),
      new Case("polygons", "public.polygons", "geom", SEATTLE),
      new Case("lines", "public.lines", "geom", SEATTLE),
      new Case("antimeridian", "public.antimeridian", "geom", ANTIMERIDIAN),
      new Case("My--Odd-.Table-name", "\"Odd Schema\".\"My \"\"Odd\"\".Table name\"", "Geom Column", SEATTLE),
      new Case("mercator_points", "public.mercator_points", "geom", SEATTLE),
      new Case("utm_lines", "public.utm_lines", "geom", SEATTLE),
      new Case("point_grid", "public.point_grid", "geom", SEATTLE),
      new Case("empty_table", "public.empty_table", "geom", SEATTLE),
      new Case("fixture_tile", null, null, SEATTLE),
      new Case("fixture_filtered", null, null, SEATTLE));

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("golden", "points", "polygons", "lines", "antimeridian", "quoted_names", "mercator",
        "utm", "matview", "functions", "empty");
    sources = db.discover("""
        database:
          url: ${DB}
          auto-publish: {schemas: [public, Odd Schema]}
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  static Stream<Arguments> tiles() {
    return CASES.stream().flatMap(c -> c.tiles().stream()
        .map(t -> Arguments.of(c.sourceId() + " " + t[0] + "/" + t[1] + "/" + t[2], c, t)));
  }

  static Stream<Arguments> tableTiles() {
    return tiles().filter(a -> ((Case) a.get()[1]).from() != null);
  }

  static Stream<Arguments> functionTiles() {
    return tiles().filter(a -> ((Case) a.get()[1]).from() == null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tiles")
  void tileMatchesItsGoldenDump(String name, Case c, int[] t) {
    TileSource source = source(sources, c.sourceId());
    FilterSet filters = c.sourceId().equals("fixture_filtered") ? FUNCTION_QUERY : FilterSet.NONE;
    String dump = TileDump.dump(tile(source, t[0], t[1], t[2], filters));
    String stem = c.sourceId().replaceAll("[^A-Za-z0-9_.-]", "_");
    GoldenFile.assertMatches(GOLDEN.resolve(stem + "_" + t[0] + "_" + t[1] + "_" + t[2] + ".txt"), dump);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tableTiles")
  void tableTileHoldsWhatPostgisMakesOfEachRow(String name, Case c, int[] t) throws SQLException {
    List<String> expected =
        TableTileOracle.expected(db.url, c.from(), c.geometryColumn(), null, t[0], t[1], t[2]);
    byte[] served = tile(source(sources, c.sourceId()), t[0], t[1], t[2], FilterSet.NONE);
    assertThat(TableTileOracle.served(served)).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functionTiles")
  void functionTileIsWhatTheFunctionReturnsWhenCalledDirectly(String name, Case c, int[] t) throws SQLException {
    String arguments = t[0] + ", " + t[1] + ", " + t[2]
        + (c.sourceId().equals("fixture_filtered") ? ", " + FUNCTION_QUERY_JSON : "");
    byte[] direct = (byte[]) TestSql.scalar(db.url, "SELECT public." + c.sourceId() + "(" + arguments + ")");
    byte[] expected = direct == null ? new byte[0] : direct;
    FilterSet filters = c.sourceId().equals("fixture_filtered") ? FUNCTION_QUERY : FilterSet.NONE;
    byte[] served = tile(source(sources, c.sourceId()), t[0], t[1], t[2], filters);
    assertThat(TileDump.dump(served)).isEqualTo(TileDump.dump(expected));
    assertThat(served).as("the function's bytes, unchanged").isEqualTo(expected);
  }
}
