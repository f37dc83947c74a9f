package io.tileserver.mvt;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.locationtech.jts.geom.Geometry;

/**
 * A vector tile as {@link MvtDecoder} reads it: layers in file order, features with their raw
 * command integers, their geometry in tile coordinates, and their attributes resolved from the
 * layer's key and value tables.
 *
 * @param layers the tile's layers (spec 2.1 §4.1)
 */
public record DecodedTile(List<Layer> layers) {
  public DecodedTile {
    layers = List.copyOf(layers);
  }

  /**
   * One layer.
   *
   * @param version the layer's spec version, 1 or 2
   * @param name the layer name, unique within the tile
   * @param extent the coordinate range (4096 when the field is absent)
   * @param features features in file order
   */
  public record Layer(int version, String name, int extent, List<Feature> features) {
    public Layer {
      features = List.copyOf(features);
    }
  }

  /**
   * One feature (spec 2.1 §4.2).
   *
   * @param id the id, empty when the feature has none
   * @param type the §4.3.4 geometry type: 0 unknown, 1 point, 2 linestring, 3 polygon
   * @param commands the raw {@code geometry} integers
   * @param geometry the geometry in tile coordinates (y down), null for the unknown type
   * @param attributes attributes in tag order; values are String, Long, Float, Double or Boolean
   */
  public record Feature(
      OptionalLong id, int type, int[] commands, Geometry geometry, Map<String, Object> attributes) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Feature f
          && id.equals(f.id)
          && type == f.type
          && Arrays.equals(commands, f.commands)
          && (geometry == null ? f.geometry == null : geometry.equalsExact(f.geometry))
          && attributes.equals(f.attributes);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * id.hashCode() + type) + Arrays.hashCode(commands);
    }

    @Override
    public String toString() {
      return "Feature[id=" + id + ", type=" + type + ", commands=" + Arrays.toString(commands)
          + ", geometry=" + geometry + ", attributes=" + attributes + "]";
    }
  }
}
