package io.tileserver.mvt;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Our tiles read with an independent decoder, the reference Java library's {@code MvtReader}, give
 * the same features, geometries and attributes as our own decoder and as the input predicts.
 */
class ReferenceDecoderRoundTripTest {
  private static final String ID_KEY = "__id";

  /** A mixed tile of seeded random features in tile coordinates: every geometry type, all value types. */
  static byte[] sampleTile(List<RandomFeatures.Sample> samples) {
    RandomFeatures random = new RandomFeatures(7, 0, 4096);
    TileBuilder tile = new TileBuilder();
    for (String layer : List.of("listings", "zips", "roads")) {
      LayerBuilder builder = tile.layer(layer);
      for (int i = 0; i < 150; i++) {
        RandomFeatures.Sample sample = random.next();
        samples.add(sample);
        FeatureBuilder feature = builder.feature(sample.input()).attrs(sample.attributes());
        if (sample.id() != null) {
          feature.id(sample.id());
        }
        feature.add();
      }
    }
    return tile.encode();
  }

  @Test
  void mvtReaderDecodesOurTileToTheSameFeatures() throws IOException {
    List<RandomFeatures.Sample> samples = new ArrayList<>();
    byte[] bytes = sampleTile(samples);

    JtsMvt reference = MvtReader.loadMvt(new ByteArrayInputStream(bytes), new GeometryFactory(),
        new TagKeyValueMapConverter(false, ID_KEY), MvtReader.RING_CLASSIFIER_V2_1);
    DecodedTile ours = new MvtDecoder().decode(bytes);

    assertThat(reference.getLayers()).extracting(JtsLayer::getName)
        .containsExactly("listings", "zips", "roads");
    int index = 0;
    for (DecodedTile.Layer layer : ours.layers()) {
      List<Geometry> geometries = new ArrayList<>(reference.getLayer(layer.name()).getGeometries());
      assertThat(reference.getLayer(layer.name()).getExtent()).isEqualTo(4096);
      assertThat(geometries).hasSameSizeAs(layer.features());
      for (int i = 0; i < geometries.size(); i++, index++) {
        Geometry theirs = geometries.get(i);
        DecodedTile.Feature feature = layer.features().get(i);
        RandomFeatures.Sample sample = samples.get(index);
        String where = layer.name() + " feature " + i + ": " + sample.expected();
        assertThat(theirs.norm().equalsExact(sample.expected().norm())).as(where).isTrue();
        assertThat(theirs.norm().equalsExact(feature.geometry().norm())).as(where).isTrue();
        assertThat(theirs.getUserData()).as(where).isEqualTo(withId(sample));
      }
    }
  }

  private static Map<String, Object> withId(RandomFeatures.Sample sample) {
    Map<String, Object> expected = new LinkedHashMap<>(sample.expectedAttributes());
    // MvtReader reports a feature without id as a null id entry.
    expected.put(ID_KEY, sample.id());
    return expected;
  }
}
