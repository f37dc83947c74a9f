package io.tileserver.mvt;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * The feature being added to a {@link LayerBuilder}: its id and attributes (spec 2.1 §4.2, §4.4).
 * The layer hands out one reusable instance from {@link LayerBuilder#feature(Geometry)}, so adding
 * a feature allocates nothing; call {@link #add()} to finish it.
 *
 * <p>Attribute values keep their Java type in the tile: {@code long}/{@code int}/{@code short}/
 * {@code byte} become {@code int_value} (or {@code sint_value} when negative), {@code float}
 * {@code float_value}, {@code double} {@code double_value}, {@code boolean} {@code bool_value} and
 * strings {@code string_value}. Null values are skipped, as MVT has no null. Setting a key twice
 * keeps the last value, since a key may appear only once per feature (§4.4).
 */
public final class FeatureBuilder {
  private final LayerBuilder layer;
  private final IntList geometry = new IntList(64);
  private final IntList tags = new IntList(32);
  private int type;
  private boolean hasId;
  private long id;
  private boolean open;

  FeatureBuilder(LayerBuilder layer) {
    this.layer = layer;
  }

  void start(GeometryEncoder encoder, Geometry shape) {
    if (shape == null) {
      throw new IllegalArgumentException("feature geometry must not be null");
    }
    type = encoder.encode(shape, geometry);
    tags.clear();
    hasId = false;
    open = true;
  }

  /** Whether anything of the geometry is left after clipping and rounding. */
  public boolean hasGeometry() {
    return type != GeometryEncoder.UNKNOWN;
  }

  /** Sets the feature id, written as the spec's unsigned 64-bit {@code id} field (§4.2). */
  public FeatureBuilder id(long featureId) {
    this.id = featureId;
    this.hasId = true;
    return this;
  }

  public FeatureBuilder attr(String key, String value) {
    if (value != null && keep()) {
      tag(key, layer.values().indexOf(value));
    }
    return this;
  }

  public FeatureBuilder attr(String key, long value) {
    if (keep()) {
      tag(key, layer.values().indexOf(value));
    }
    return this;
  }

  public FeatureBuilder attr(String key, double value) {
    if (keep()) {
      tag(key, layer.values().indexOf(value));
    }
    return this;
  }

  public FeatureBuilder attr(String key, float value) {
    if (keep()) {
      tag(key, layer.values().indexOf(value));
    }
    return this;
  }

  public FeatureBuilder attr(String key, boolean value) {
    if (keep()) {
      tag(key, layer.values().indexOf(value));
    }
    return this;
  }

  /**
   * Adds an attribute of any supported boxed type; null is skipped.
   *
   * @throws IllegalArgumentException for types MVT cannot hold (§4.1 lists the value types)
   */
  public FeatureBuilder attr(String key, Object value) {
    // An instanceof chain, most common types first: measurably faster on this hot path than a
    // pattern switch, whose type-switch bootstrap tests the cases through method handles.
    if (value == null) {
      return this;
    } else if (value instanceof String s) {
      attr(key, s);
    } else if (value instanceof Long l) {
      attr(key, l.longValue());
    } else if (value instanceof Integer i) {
      attr(key, i.longValue());
    } else if (value instanceof Double d) {
      attr(key, d.doubleValue());
    } else if (value instanceof Boolean b) {
      attr(key, b.booleanValue());
    } else if (value instanceof Float f) {
      attr(key, f.floatValue());
    } else if (value instanceof Short s) {
      attr(key, s.longValue());
    } else if (value instanceof Byte b) {
      attr(key, b.longValue());
    } else if (value instanceof CharSequence cs) {
      attr(key, cs.toString());
    } else {
      throw new IllegalArgumentException(
          "attribute '"
              + key
              + "': expected String, Long, Integer, Short, Byte, Double, Float or Boolean, got "
              + value.getClass().getName());
    }
    return this;
  }

  /** Adds every entry of {@code attributes} in its iteration order; null values are skipped. */
  public FeatureBuilder attrs(Map<String, ?> attributes) {
    if (attributes != null && keep()) {
      for (Map.Entry<String, ?> e : attributes.entrySet()) {
        attr(e.getKey(), e.getValue());
      }
    }
    return this;
  }

  /**
   * Writes the feature to the layer.
   *
   * @return true if written, false when its geometry left nothing to draw
   * @throws IllegalStateException if the feature was already added
   */
  public boolean add() {
    if (!open) {
      throw new IllegalStateException("start a feature with LayerBuilder.feature(geometry) first");
    }
    open = false;
    if (type == GeometryEncoder.UNKNOWN) {
      return false;
    }
    layer.writeFeature(hasId, id, tags, type, geometry);
    return true;
  }

  private boolean keep() {
    if (!open) {
      throw new IllegalStateException("start a feature with LayerBuilder.feature(geometry) first");
    }
    return type != GeometryEncoder.UNKNOWN;
  }

  private void tag(String key, int valueIndex) {
    int keyIndex = layer.keyIndex(key);
    int[] pairs = tags.array();
    for (int i = 0, n = tags.size(); i < n; i += 2) {
      if (pairs[i] == keyIndex) {
        pairs[i + 1] = valueIndex;
        return;
      }
    }
    tags.add(keyIndex, valueIndex);
  }
}
