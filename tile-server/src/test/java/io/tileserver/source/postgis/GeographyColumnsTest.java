package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import io.tileserver.source.TileSource;
import io.tileserver.testing.TestSql;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A table whose spatial column is a {@code geography} is discovered and served like a geometry
 * table. Which places a tile holds is asked of PostGIS independently: the places whose point,
 * projected to Web Mercator, lies in the tile's envelope.
 */
class GeographyColumnsTest {
  private static FixtureDatabase db;
  private static List<TileSource> sources;
  private final MvtDecoder decoder = new MvtDecoder();

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("geography", "geography");
    db.execute("ANALYZE geo_places");
    // The place id as feature id, Martin's way: the served ids are compared with SQL's.
    sources = db.discover("database:\n  url: ${DB}\n  auto-publish: {id-columns: [id]}\n");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @ParameterizedTest(name = "tile {0}/{1}/{2}")
  @CsvSource({"14, 2624, 5721", "3, 4, 2", "0, 0, 0"})
  void aTileHoldsExactlyThePlacesInItsEnvelope(int z, int x, int y) throws SQLException {
    TileSource places = source(sources, "geo_places");
    List<DecodedTile.Layer> layers = decoder.decode(tile(places, z, x, y, FilterSet.NONE)).layers();
    List<Long> served = layers.isEmpty() ? List.of()
        : layers.get(0).features().stream().map(DecodedTile.Feature::id).map(OptionalLong::getAsLong).sorted().toList();

    List<Long> expected = TestSql.longs(db.url, "SELECT id FROM geo_places WHERE ST_Intersects("
        + "ST_Transform(place::geometry, 3857), ST_TileEnvelope(" + z + ", " + x + ", " + y + ")) ORDER BY id");
    assertThat(expected).as("the fixture puts places in every tile asked").isNotEmpty();
    assertThat(served).isEqualTo(expected);
    assertThat(places.info().layers().get(0).fields()).containsKey("name");
  }
}
