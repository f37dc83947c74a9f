package io.tileserver.bench;

import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import java.util.LinkedHashMap;
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
    Map<Long, DecodedTile.Feature> a = byId(new MvtDecoder().decode(ours));
    Map<Long, DecodedTile.Feature> b = byId(new MvtDecoder().decode(reference));
    int onlyOurs = 0;
    for (Map.Entry<Long, DecodedTile.Feature> e : a.entrySet()) {
      DecodedTile.Feature x = e.getValue();
      DecodedTile.Feature y = b.remove(e.getKey());
      if (y == null) {
        // The reference occasionally drops a whole feature after clipping (one polygon crossing
        // the buffer edge in the polygon case); tolerated up to 1% and reported below.
        onlyOurs++;
        continue;
      }
      // The reference writes the id map entry as an attribute as well as the feature id.
      Map<String, Object> referenceAttributes = new LinkedHashMap<>(y.attributes());
      referenceAttributes.remove("id");
      if (!x.attributes().equals(referenceAttributes) || x.type() != y.type()) {
        throw new IllegalStateException(what + " feature " + e.getKey() + ": " + x + " vs " + y);
      }
      if (!sameShape(x.geometry(), y.geometry())) {
        throw new IllegalStateException(what + " feature " + e.getKey() + " geometry: "
            + x.geometry() + " vs " + y.geometry());
      }
    }
    for (Map.Entry<Long, DecodedTile.Feature> e : b.entrySet()) {
      requireSliver(what + " feature " + e.getKey() + " only in the reference", e.getValue());
    }
    if (onlyOurs * 100 > a.size()) {
      throw new IllegalStateException(what + ": " + onlyOurs + " of " + a.size()
          + " features missing from the reference tile");
    }
    if (onlyOurs > 0) {
      System.err.printf("%s: the reference dropped %d of %d features that we encode%n", what,
          onlyOurs, a.size());
    }
  }

  /**
   * A feature one encoder keeps and the other drops must be a sliver at the buffer edge, where
   * rounding decides whether a clipped ring keeps any area.
   */
  private static void requireSliver(String what, DecodedTile.Feature feature) {
    Geometry g = feature.geometry();
    if (g.getArea() > 4 || (g.getDimension() == 1 && g.getLength() > 2)) {
      throw new IllegalStateException(what + ": " + g);
    }
  }

  private static Map<Long, DecodedTile.Feature> byId(DecodedTile tile) {
    if (tile.layers().size() != 1) {
      throw new IllegalStateException("expected one layer, got " + tile.layers().size());
    }
    Map<Long, DecodedTile.Feature> features = new LinkedHashMap<>();
    for (DecodedTile.Feature f : tile.layers().getFirst().features()) {
      features.put(f.id().orElseThrow(), f);
    }
    return features;
  }

  private static boolean sameShape(Geometry ours, Geometry reference) {
    if (ours.getDimension() < 2) {
      return DiscreteHausdorffDistance.distance(ours, reference) <= 1.5;
    }
    Geometry a = ours.buffer(0);
    Geometry b = reference.buffer(0);
    return a.symDifference(b).getArea() <= 0.01 * Math.max(1, b.getArea());
  }

}
