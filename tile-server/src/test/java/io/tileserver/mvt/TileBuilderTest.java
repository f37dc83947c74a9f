package io.tileserver.mvt;

import static io.tileserver.mvt.GeometryEncoderTest.wkt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.sebasbaumh.mapbox.vectortile.VectorTile.Tile;
import io.tileserver.tile.WebMercator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tile assembly (spec 2.1 §4.1): layer order, version, extent and determinism. */
class TileBuilderTest {
  private static Tile parse(byte[] bytes) {
    try {
      return Tile.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] sampleTile() {
    TileBuilder tile = new TileBuilder();
    tile.layer("roads").addFeature(wkt("LINESTRING (0 0, 100 100)"), Map.of("class", "primary"));
    tile.layer("pois", LayerOptions.DEFAULTS.withExtent(512))
        .feature(wkt("POINT (10 10)"))
        .id(7)
        .attr("rank", 3)
        .add();
    tile.layer("roads").addFeature(wkt("LINESTRING (5 5, 50 5)"), Map.of("class", "minor"));
    return tile.encode();
  }

  @Test
  void layersKeepTheOrderInWhichTheyWereFirstRequested() {
    assertThat(parse(sampleTile()).getLayersList())
        .extracting(Tile.Layer::getName)
        .containsExactly("roads", "pois");
  }

  @Test
  void everyLayerIsVersionTwoWithItsExtent() {
    Tile tile = parse(sampleTile());
    assertThat(tile.getLayersList()).extracting(Tile.Layer::getVersion).containsOnly(2);
    assertThat(tile.getLayersList()).extracting(Tile.Layer::getExtent).containsExactly(4096, 512);
  }

  @Test
  void sameInputGivesTheSameBytes() {
    assertThat(sampleTile()).isEqualTo(sampleTile());
  }

  @Test
  void layerWithoutFeaturesIsLeftOut() {
    TileBuilder tile = new TileBuilder();
    tile.layer("empty");
    tile.layer("clipped-away").addFeature(wkt("POINT (-9000 -9000)"), Map.of());
    tile.layer("kept").addFeature(wkt("POINT (1 1)"), Map.of());
    assertThat(parse(tile.encode()).getLayersList())
        .extracting(Tile.Layer::getName)
        .containsExactly("kept");
  }

  @Test
  void tileWithoutFeaturesIsEmptyAndEncodesToZeroBytes() {
    TileBuilder tile = new TileBuilder();
    tile.layer("empty").addFeature(wkt("POINT (-9000 -9000)"), Map.of());
    assertThat(tile.isEmpty()).isTrue();
    assertThat(tile.encode()).isEmpty();
  }

  @Test
  void askingForALayerAgainReturnsTheSameLayer() {
    TileBuilder tile = new TileBuilder();
    assertThat(tile.layer("roads")).isSameAs(tile.layer("roads", LayerOptions.DEFAULTS));
  }

  @Test
  void askingForALayerWithOtherOptionsIsAnError() {
    TileBuilder tile = new TileBuilder();
    tile.layer("roads");
    assertThatThrownBy(() -> tile.layer("roads", LayerOptions.DEFAULTS.withExtent(512)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 'roads' already exists");
  }

  @Test
  void layerOptionsRejectOutOfRangeValuesNamingThem() {
    assertThatThrownBy(() -> LayerOptions.DEFAULTS.withExtent(0))
        .hasMessage("extent must be in 1..1073741824, was 0");
    assertThatThrownBy(() -> LayerOptions.DEFAULTS.withBuffer(-1))
        .hasMessage("buffer must be in 0..4096 (the extent), was -1");
    assertThatThrownBy(() -> LayerOptions.DEFAULTS.withSimplifyTolerance(Double.NaN))
        .hasMessage("simplifyTolerance must be a finite number >= 0, was NaN");
  }

  @Test
  void tileBoundsFollowTheXyzSchemeAndRejectTilesOutsideTheZoom() {
    assertThat(WebMercator.tileBounds(0, 0, 0).getMinX()).isEqualTo(-WebMercator.HALF_WORLD);
    assertThat(WebMercator.tileBounds(1, 1, 1).getMaxY()).isZero();
    assertThatThrownBy(() -> WebMercator.tileBounds(16, 70000, 0))
        .hasMessage("x=70000, y=0 out of range for z=16 (0..65535)");
  }
}
