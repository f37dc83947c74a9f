package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import io.tileserver.testing.TestSql;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Functions returning the tile in a record or table, as Martin serves them, are discovered and
 * serve the bytes the function returns (read back over JDBC as the oracle).
 */
class RecordFunctionsTest {
  private static FixtureDatabase db;
  private static List<TileSource> sources;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("record_functions", "functions", "record_functions");
    sources = db.discoverAll();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"table_tile", "keyed_tile", "out_tile"})
  void aRecordFormServesTheTileItReturns(String function) throws SQLException {
    byte[] served = tile(source(sources, function), 14, 2624, 5721, FilterSet.NONE);
    String args = function.equals("keyed_tile") ? "14, 2624, 5721, '{}'::json" : "14, 2624, 5721";

    byte[] returned = (byte[]) TestSql.scalar(db.url, "SELECT mvt FROM " + function + "(" + args + ")");
    assertThat(returned).isNotEmpty();
    assertThat(served).isEqualTo(returned);
    assertThat(tile(source(sources, function), 17, 20992, 45770, FilterSet.NONE)).as("a NULL tile").isEmpty();
  }

  @Test
  void aRecordWhoseFirstColumnIsNotTheTileIsNotServed() {
    assertThat(sources).extracting(TileSource::id).doesNotContain("not_a_tile")
        .contains("fixture_tile", "fixture_filtered");
  }
}
