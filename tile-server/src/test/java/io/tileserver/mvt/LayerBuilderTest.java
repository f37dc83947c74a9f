package io.tileserver.mvt;

import static io.tileserver.mvt.GeometryEncoderTest.wkt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.sebasbaumh.mapbox.vectortile.VectorTile.Tile;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/**
 * Key and value tables (spec 2.1 §4.1, §4.4), read back with the protobuf classes of the reference
 * library so the raw tables can be inspected independently of our decoder.
 */
class LayerBuilderTest {
  private static final Geometry POINT = wkt("POINT (10 20)");

  private static Tile.Layer onlyLayer(TileBuilder tile) {
    try {
      Tile parsed = Tile.parseFrom(tile.encode());
      assertThat(parsed.getLayersCount()).isOne();
      return parsed.getLayers(0);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void keysAndValuesAreDeduplicatedWithinALayer() {
    TileBuilder tile = new TileBuilder();
    LayerBuilder layer = tile.layer("homes");
    layer.feature(POINT).attr("type", "house").attr("beds", 3).add();
    layer.feature(POINT).attr("type", "house").attr("beds", 4).add();
    layer.feature(POINT).attr("beds", 3).attr("type", "condo").add();

    Tile.Layer parsed = onlyLayer(tile);
    assertThat(parsed.getKeysList()).containsExactly("type", "beds");
    assertThat(parsed.getValuesCount()).isEqualTo(4);
    assertThat(parsed.getFeatures(0).getTagsList()).containsExactly(0, 0, 1, 1);
    assertThat(parsed.getFeatures(1).getTagsList()).containsExactly(0, 0, 1, 2);
    assertThat(parsed.getFeatures(2).getTagsList()).containsExactly(1, 1, 0, 3);
  }

  @Test
  void valuesKeepTheirTypeAndNegativeIntegersUseSint() {
    TileBuilder tile = new TileBuilder();
    tile.layer("typed")
        .feature(POINT)
        .attr("s", "text")
        .attr("i", 42)
        .attr("negative", -42L)
        .attr("f", 1.5f)
        .attr("d", 2.25)
        .attr("b", true)
        .add();

    Tile.Layer parsed = onlyLayer(tile);
    assertThat(parsed.getValues(0).getStringValue()).isEqualTo("text");
    assertThat(parsed.getValues(1).hasIntValue()).isTrue();
    assertThat(parsed.getValues(1).getIntValue()).isEqualTo(42);
    assertThat(parsed.getValues(2).hasSintValue()).isTrue();
    assertThat(parsed.getValues(2).getSintValue()).isEqualTo(-42);
    assertThat(parsed.getValues(3).hasFloatValue()).isTrue();
    assertThat(parsed.getValues(3).getFloatValue()).isEqualTo(1.5f);
    assertThat(parsed.getValues(4).hasDoubleValue()).isTrue();
    assertThat(parsed.getValues(4).getDoubleValue()).isEqualTo(2.25);
    assertThat(parsed.getValues(5).getBoolValue()).isTrue();
  }

  @Test
  void equalNumbersOfDifferentTypesAreDistinctValues() {
    TileBuilder tile = new TileBuilder();
    tile.layer("numbers").feature(POINT).attr("a", 5).attr("b", 5.0f).attr("c", 5.0).add();
    assertThat(onlyLayer(tile).getValuesCount()).isEqualTo(3);
  }

  @Test
  void boxedValuesAreUnboxedToTheSameTypes() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("i", Integer.valueOf(7));
    attributes.put("l", Long.valueOf(7));
    attributes.put("short", Short.valueOf((short) 7));
    attributes.put("text", new StringBuilder("seven"));
    TileBuilder tile = new TileBuilder();
    tile.layer("boxed").addFeature(POINT, attributes);

    Tile.Layer parsed = onlyLayer(tile);
    assertThat(parsed.getValuesCount()).isEqualTo(2);
    assertThat(parsed.getValues(0).getIntValue()).isEqualTo(7);
    assertThat(parsed.getValues(1).getStringValue()).isEqualTo("seven");
  }

  @Test
  void nullValuesAreSkipped() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("price", null);
    attributes.put("beds", 2);
    TileBuilder tile = new TileBuilder();
    tile.layer("homes").addFeature(POINT, attributes);
    tile.layer("homes").feature(POINT).attr("name", (String) null).add();

    Tile.Layer parsed = onlyLayer(tile);
    assertThat(parsed.getKeysList()).containsExactly("beds");
    assertThat(parsed.getFeatures(1).getTagsCount()).isZero();
  }

  @Test
  void settingAKeyTwiceKeepsTheLastValue() {
    TileBuilder tile = new TileBuilder();
    tile.layer("homes").feature(POINT).attr("beds", 2).attr("beds", 3).add();

    Tile.Layer parsed = onlyLayer(tile);
    assertThat(parsed.getFeatures(0).getTagsList()).containsExactly(0, 1);
    assertThat(parsed.getValues(1).getIntValue()).isEqualTo(3);
  }

  @Test
  void unsupportedValueTypeIsRejectedNamingTheKey() {
    LayerBuilder layer = new TileBuilder().layer("homes");
    assertThatThrownBy(() -> layer.feature(POINT).attr("price", (Object) BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute 'price'")
        .hasMessageContaining("java.math.BigDecimal");
  }

  @Test
  void featureIdIsWrittenOnlyWhenGiven() {
    TileBuilder tile = new TileBuilder();
    LayerBuilder layer = tile.layer("homes");
    layer.addFeature(POINT, 123_456_789_012L, Map.of());
    layer.addFeature(POINT, Map.of());

    Tile.Layer parsed = onlyLayer(tile);
    assertThat(parsed.getFeatures(0).hasId()).isTrue();
    assertThat(parsed.getFeatures(0).getId()).isEqualTo(123_456_789_012L);
    assertThat(parsed.getFeatures(1).hasId()).isFalse();
  }

  @Test
  void featureWithNothingLeftToDrawIsNotAddedAndLeavesTheTablesUntouched() {
    TileBuilder tile = new TileBuilder();
    LayerBuilder layer = tile.layer("homes");
    boolean added = layer.feature(wkt("POINT (-5000 10)")).attr("lost", "value").add();
    layer.feature(POINT).attr("kept", 1).add();

    assertThat(added).isFalse();
    assertThat(layer.featureCount()).isOne();
    Tile.Layer parsed = onlyLayer(tile);
    assertThat(parsed.getKeysList()).containsExactly("kept");
    assertThat(parsed.getValuesCount()).isOne();
  }

  @Test
  void addingAFeatureTwiceIsAnError() {
    FeatureBuilder feature = new TileBuilder().layer("homes").feature(POINT);
    feature.add();
    assertThatThrownBy(feature::add)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LayerBuilder.feature(geometry)");
  }

  @Test
  void geometryTypeFollowsTheJtsType() {
    TileBuilder tile = new TileBuilder();
    LayerBuilder layer = tile.layer("mixed");
    layer.addFeature(wkt("MULTIPOINT ((1 1), (2 2))"), Map.of());
    layer.addFeature(wkt("LINESTRING (1 1, 2 2)"), Map.of());
    layer.addFeature(wkt("POLYGON ((0 0, 10 0, 10 10, 0 0))"), Map.of());

    Tile.Layer parsed = onlyLayer(tile);
    assertThat(parsed.getFeaturesList())
        .extracting(Tile.Feature::getType)
        .containsExactly(Tile.GeomType.POINT, Tile.GeomType.LINESTRING, Tile.GeomType.POLYGON);
  }
}
