package io.tileserver.bench;

import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Geometry;

/**
 * Proves before each trial that both encoders wrote the same content, so the benchmark compares
 * equal work: the same features, ids and attributes, and geometry equal up to what the encoders
 * legitimately do differently (rounding vs. the reference's extra simplification, and JTS
 * intersection vs. our Sutherland–Hodgman clipping along the buffer edge).
 */
final class ContentCheck {
  private ContentCheck() {}

  static void assertSameContent(String what, byte[] ours, byte[] reference) {
    List<DecodedTile.Feature> a = single(new MvtDecoder().decode(ours));
    List<DecodedTile.Feature> b = single(new MvtDecoder().decode(reference));
    if (a.size() != b.size()) {
      throw new IllegalStateException(what + ": " + a.size() + " features vs " + b.size());
    }
    for (int i = 0; i < a.size(); i++) {
      DecodedTile.Feature x = a.get(i);
      DecodedTile.Feature y = b.get(i);
      // The reference writes the id map entry as an attribute as well as the feature id.
      Map<String, Object> referenceAttributes = new LinkedHashMap<>(y.attributes());
      referenceAttributes.remove("id");
      if (!x.id().equals(y.id()) || !x.attributes().equals(referenceAttributes)
          || x.type() != y.type()) {
        throw new IllegalStateException(what + " feature " + i + ": " + x + " vs " + y);
      }
      if (!sameShape(x.geometry(), y.geometry())) {
        throw new IllegalStateException(what + " feature " + i + " geometry: " + x.geometry()
            + " vs " + y.geometry());
      }
    }
  }

  private static boolean sameShape(Geometry ours, Geometry reference) {
    if (ours.getDimension() < 2) {
      return DiscreteHausdorffDistance.distance(ours, reference) <= 1.5;
    }
    Geometry a = ours.buffer(0);
    Geometry b = reference.buffer(0);
    return a.symDifference(b).getArea() <= 0.01 * Math.max(1, b.getArea());
  }

  private static List<DecodedTile.Feature> single(DecodedTile tile) {
    if (tile.layers().size() != 1) {
      throw new IllegalStateException("expected one layer, got " + tile.layers().size());
    }
    return tile.layers().getFirst().features();
  }
}
