package io.tileserver.mvt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * Thousands of seeded random features: encode, decode with our strict decoder, and compare with
 * what quantization alone predicts. A failure names the seed-stable sample index.
 */
class PropertyBasedRoundTripTest {
  private static final long SEED = 20_240_601L;
  private static final int SAMPLES = 4000;
  private static final int PER_TILE = 40;

  @Test
  void encodeThenDecodeGivesTheInputRoundedToTheGrid() {
    RandomFeatures random = new RandomFeatures(SEED, 0, 4096);
    for (int first = 0; first < SAMPLES; first += PER_TILE) {
      List<RandomFeatures.Sample> samples = new ArrayList<>();
      TileBuilder tile = new TileBuilder();
      LayerBuilder layer = tile.layer("random");
      for (int i = 0; i < PER_TILE; i++) {
        RandomFeatures.Sample sample = random.next();
        samples.add(sample);
        FeatureBuilder feature = layer.feature(sample.input());
        if (sample.id() != null) {
          feature.id(sample.id());
        }
        assertThat(feature.attrs(sample.attributes()).add()).isTrue();
      }

      List<DecodedTile.Feature> decoded =
          new MvtDecoder().decode(tile.encode()).layers().getFirst().features();
      assertThat(decoded).hasSize(PER_TILE);
      for (int i = 0; i < PER_TILE; i++) {
        RandomFeatures.Sample sample = samples.get(i);
        DecodedTile.Feature feature = decoded.get(i);
        String where = "sample " + (first + i) + " (seed " + SEED + "): " + sample.input();
        assertThat(feature.geometry().norm().equalsExact(sample.expected().norm()))
            .as(where + "\ndecoded as " + feature.geometry())
            .isTrue();
        assertThat(feature.attributes()).as(where).isEqualTo(sample.expectedAttributes());
        if (sample.id() == null) {
          assertThat(feature.id()).as(where).isEmpty();
        } else {
          assertThat(feature.id()).as(where).hasValue(sample.id());
        }
      }
    }
  }

  @Test
  void clippedGeometryStaysInsideTheBufferAndIsAlwaysAValidTile() {
    LayerOptions options = LayerOptions.DEFAULTS.withBuffer(64).withSimplifyTolerance(0.5);
    RandomFeatures random = new RandomFeatures(SEED + 1, -2000, 6000);
    int kept = 0;
    for (int first = 0; first < SAMPLES; first += PER_TILE) {
      TileBuilder tile = new TileBuilder();
      LayerBuilder layer = tile.layer("clipped", options);
      for (int i = 0; i < PER_TILE; i++) {
        layer.addFeature(random.next().input(), Map.of());
      }
      DecodedTile decoded = new MvtDecoder().decode(tile.encode());
      for (DecodedTile.Layer l : decoded.layers()) {
        for (DecodedTile.Feature feature : l.features()) {
          kept++;
          for (Coordinate c : feature.geometry().getCoordinates()) {
            assertThat(c.x).as("x of %s", feature.geometry()).isBetween(-64.0, 4160.0);
            assertThat(c.y).as("y of %s", feature.geometry()).isBetween(-64.0, 4160.0);
          }
        }
      }
    }
    assertThat(kept).as("features left after clipping").isBetween(SAMPLES / 10, SAMPLES - 1);
  }

  @Test
  void simplificationNeverMovesALineFurtherThanItsToleranceBeforeRounding() {
    double tolerance = 2;
    LayerOptions options = LayerOptions.DEFAULTS.withSimplifyTolerance(tolerance);
    RandomFeatures random = new RandomFeatures(SEED + 2, 0, 4096);
    for (int i = 0; i < SAMPLES; i++) {
      Geometry input = random.next().expected();
      if (input.getDimension() != 1) {
        continue;
      }
      TileBuilder tile = new TileBuilder();
      tile.layer("lines", options).addFeature(input, Map.of());
      Geometry simplified =
          new MvtDecoder().decode(tile.encode()).layers().getFirst().features().getFirst()
              .geometry();
      for (Coordinate c : input.getCoordinates()) {
        assertThat(simplified.distance(input.getFactory().createPoint(c)))
            .as("vertex %s of %s simplified to %s", c, input, simplified)
            .isLessThanOrEqualTo(tolerance + Math.sqrt(0.5));
      }
    }
  }
}
