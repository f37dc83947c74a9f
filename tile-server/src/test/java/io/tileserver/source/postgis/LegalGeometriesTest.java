package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static io.tileserver.source.postgis.FixtureDatabase.tile;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import io.tileserver.source.TileSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every geometry PostGIS stores makes a tile: curves become lines and polygons, triangles, TINs and
 * polyhedral surfaces polygons (ST_AsMVTGeom refuses all of them as stored, and one such row used
 * to fail every tile covering it). The fixture names each row's expected kind beside its shape.
 */
class LegalGeometriesTest {
  private static final Map<String, Integer> MVT_TYPE = Map.of("point", 1, "line", 2, "polygon", 3);
  private static FixtureDatabase db;
  private static List<TileSource> sources;
  private final MvtDecoder decoder = new MvtDecoder();

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("legal_geometries", "legal_geometries");
    sources = db.discoverAll();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private List<DecodedTile.Feature> features(String sourceId) {
    byte[] bytes = tile(source(sources, sourceId), 14, 2624, 5721, FilterSet.NONE);
    return decoder.decode(bytes).layers().get(0).features();
  }

  @Test
  void curvesAndSurfacesInAGeometryColumnAreServedAsTheLinesAndPolygonsTheyDraw() {
    List<DecodedTile.Feature> features = features("legal_shapes");

    assertThat(features).hasSize((int) db.count("SELECT count(*) FROM legal_shapes"));
    assertThat(features).allSatisfy(f -> assertThat(f.type()).as("feature %s", f.id())
        .isEqualTo(MVT_TYPE.get((String) f.attributes().get("kind"))));
  }

  @Test
  void aColumnTypedForOneCurveKindIsServedAsLines() {
    assertThat(features("arcs")).singleElement().satisfies(f -> {
      assertThat(f.type()).isEqualTo(MVT_TYPE.get("line"));
      assertThat(f.geometry().getNumPoints()).as("the arc, drawn with many segments").isGreaterThan(10);
    });
  }
}
