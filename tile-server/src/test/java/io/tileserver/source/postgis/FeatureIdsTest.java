package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which column becomes the MVT feature id, Martin's way by default: none unless
 * {@code auto-publish.id-columns} (auto-published tables) or {@code id-column} (configured sources)
 * names one; {@code database.id-from-primary-key} brings back the primary-key rule. Every tile is
 * compared with what PostGIS makes of the rows ({@link TableTileOracle}) for the id column the rule
 * must pick, so a wrong id, a missing id, or an id column wrongly kept or dropped as a property fails.
 */
class FeatureIdsTest {
  private static FixtureDatabase db;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("feature_ids", "feature_ids");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static List<TileSource> discover(String database, String rest) {
    return db.discover("database:\n  url: ${DB}\n" + database + rest);
  }

  /** Asserts the source's tile 14/2624/5721 holds the rows of {@code table} with {@code idColumn} as id. */
  private static void assertIdColumn(List<TileSource> sources, String id, String table, String idColumn)
      throws SQLException {
    byte[] served = tile(source(sources, id), 14, 2624, 5721, FilterSet.NONE);
    assertThat(TableTileOracle.served(served)).as("source %s", id)
        .isNotEmpty()
        .containsExactlyElementsOf(TableTileOracle.expected(db.url, table, "geom", idColumn, 14, 2624, 5721));
  }

  private static Map<String, String> fields(List<TileSource> sources, String id) {
    return source(sources, id).info().layers().get(0).fields();
  }

  @Test
  void byDefaultNoColumnIsTheFeatureIdAndEveryColumnIsAProperty() throws SQLException {
    List<TileSource> sources = discover("", "");
    assertIdColumn(sources, "homes", "public.homes", null);
    assertIdColumn(sources, "grid", "public.grid", null);
    assertThat(fields(sources, "homes")).containsOnlyKeys("id", "fid", "label");
    assertThat(fields(sources, "grid")).containsOnlyKeys("id", "label");
  }

  @Test
  void theFirstIntegerColumnNamedInIdColumnsIsTheFeatureIdAndNoLongerAProperty() throws SQLException {
    List<TileSource> sources = discover("  auto-publish: {id-columns: [fid, gid]}\n", "");
    assertIdColumn(sources, "homes", "public.homes", "fid");
    assertThat(fields(sources, "homes")).containsOnlyKeys("id", "label");
    // fid is text there: the next candidate is taken.
    assertIdColumn(sources, "text_fids", "public.text_fids", "gid");
    // "FID" differs from fid in case alone, and is the only such column: Martin takes it.
    assertIdColumn(sources, "upper_fid", "public.upper_fid", "FID");
    assertIdColumn(sources, "grid", "public.grid", null);
  }

  @Test
  void oneIdColumnMayStandAloneAsInMartinsYaml() throws SQLException {
    assertIdColumn(discover("  auto-publish: {id-columns: fid}\n", ""), "homes", "public.homes", "fid");
  }

  @Test
  void idFromPrimaryKeyTakesThePrimaryKeyElseAnIntegerIdColumn() throws SQLException {
    List<TileSource> sources = discover("  id-from-primary-key: true\n", "");
    assertIdColumn(sources, "homes", "public.homes", "id");
    assertThat(fields(sources, "homes")).containsOnlyKeys("fid", "label");
    assertIdColumn(sources, "grid", "public.grid", "id");
    assertIdColumn(sources, "text_fids", "public.text_fids", null);
  }

  @Test
  void idColumnsComeBeforeThePrimaryKeyWhenBothAreSet() throws SQLException {
    List<TileSource> sources = discover("  id-from-primary-key: true\n  auto-publish: {id-columns: [fid]}\n", "");
    assertIdColumn(sources, "homes", "public.homes", "fid");
    assertIdColumn(sources, "grid", "public.grid", "id");
  }

  @Test
  void aConfiguredSourceHasAFeatureIdOnlyFromItsIdColumn() throws SQLException {
    List<TileSource> sources = discover("", """
        sources:
          plain: {table: homes}
          by_fid: {table: homes, id-column: fid}
        """);
    assertIdColumn(sources, "plain", "public.homes", null);
    assertIdColumn(sources, "by_fid", "public.homes", "fid");
    assertThat(fields(sources, "by_fid")).containsOnlyKeys("id", "label");
  }

  @Test
  void aConfiguredSourceTakesThePrimaryKeyWithTheSwitch() throws SQLException {
    assertIdColumn(discover("  id-from-primary-key: true\n", "sources:\n  plain: {table: homes}\n"),
        "plain", "public.homes", "id");
  }

  @Test
  void anIdColumnListedInPropertiesIsAlsoAProperty() {
    List<TileSource> sources = discover("", "sources:\n  h: {table: homes, id-column: fid, properties: [fid, label]}\n");
    String dump = TileDump.dump(tile(source(sources, "h"), 14, 2624, 5721, FilterSet.NONE));
    assertThat(dump).contains("feature id=101 Point", "fid = 101 (Long)", "label = one (String)")
        .doesNotContain("feature id=none");
  }
}
