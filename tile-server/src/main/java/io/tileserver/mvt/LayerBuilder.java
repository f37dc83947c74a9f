package io.tileserver.mvt;

import io.tileserver.tile.WebMercator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * Builds one layer of a vector tile (spec 2.1 §4.1): its features, in the order they are added, and
 * the {@code keys} and {@code values} tables they point into (§4.4), each de-duplicated within the
 * layer.
 *
 * <p>Get one from {@link TileBuilder#layer}. Features are encoded as they are added, straight into
 * the layer's bytes, so a layer holds no per-feature objects:
 *
 * <pre>{@code
 * LayerBuilder listings = tile.layer("listings", LayerOptions.DEFAULTS, WebMercator.tileBounds(z, x, y));
 * for (Listing l : rows) {
 *   listings.feature(l.point())          // EPSG:3857, transformed and clipped here
 *       .id(l.id())
 *       .attr("price", l.price())        // long -> int_value (sint_value when negative)
 *       .attr("beds", l.beds())
 *       .attr("type", l.type())          // null values are skipped
 *       .add();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread builds a tile, as with planetiler's encoder.
 */
public final class LayerBuilder {
  // Field numbers of the spec's Layer and Feature messages (vector_tile.proto, spec 2.1).
  static final int FIELD_NAME = 1;
  static final int FIELD_FEATURES = 2;
  static final int FIELD_KEYS = 3;
  static final int FIELD_VALUES = 4;
  static final int FIELD_EXTENT = 5;
  static final int FIELD_VERSION = 15;
  static final int FEATURE_ID = 1;
  static final int FEATURE_TAGS = 2;
  static final int FEATURE_TYPE = 3;
  static final int FEATURE_GEOMETRY = 4;

  /** Spec version written to every layer (§4.1: "version 2" for spec 2.x). */
  static final int VERSION = 2;

  private final String name;
  private final byte[] nameUtf8;
  private final LayerOptions options;
  private final TileTransform transform;
  private final GeometryEncoder geometryEncoder;
  private final ProtobufWriter features = new ProtobufWriter(4096);
  private final HashMap<String, Integer> keyIndex = new HashMap<>();
  private byte[][] keys = new byte[16][];
  private int keyCount;
  private int keysEncodedSize;
  private final ValueTable values = new ValueTable();
  private final FeatureBuilder feature;
  private int featureCount;

  LayerBuilder(String name, LayerOptions options, TileTransform transform) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("layer name must be a non-empty string (spec 2.1 §4.1)");
    }
    this.name = name;
    this.nameUtf8 = name.getBytes(StandardCharsets.UTF_8);
    this.options = options;
    this.transform = transform;
    this.geometryEncoder = new GeometryEncoder(options, transform);
    this.feature = new FeatureBuilder(this);
  }

  public String name() {
    return name;
  }

  public LayerOptions options() {
    return options;
  }

  public TileTransform transform() {
    return transform;
  }

  /** Features added so far (dropped ones, with nothing left to draw, are not counted). */
  public int featureCount() {
    return featureCount;
  }

  /**
   * Starts a feature with {@code geometry} and returns the layer's reusable {@link FeatureBuilder};
   * finish it with {@link FeatureBuilder#add()}. Starting another feature discards one not yet
   * added. The geometry is encoded now: if nothing is left of it after clipping and rounding, the
   * builder ignores the attributes and {@code add()} returns false.
   */
  public FeatureBuilder feature(Geometry geometry) {
    feature.start(geometryEncoder, geometry);
    return feature;
  }

  /**
   * Adds a feature without id. Null values are skipped.
   *
   * @return whether the feature was kept (false when its geometry left nothing to draw)
   */
  public boolean addFeature(Geometry geometry, Map<String, ?> attributes) {
    return feature(geometry).attrs(attributes).add();
  }

  /**
   * Adds a feature with an id (spec §4.2: an unsigned 64-bit integer, unique within the layer).
   *
   * @return whether the feature was kept (false when its geometry left nothing to draw)
   */
  public boolean addFeature(Geometry geometry, long id, Map<String, ?> attributes) {
    return feature(geometry).id(id).attrs(attributes).add();
  }

  int keyIndex(String key) {
    Integer index = keyIndex.get(key);
    if (index != null) {
      return index;
    }
    if (key == null) {
      throw new IllegalArgumentException("attribute key must not be null");
    }
    if (keyCount == keys.length) {
      keys = Arrays.copyOf(keys, keyCount * 2);
    }
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    keys[keyCount] = utf8;
    keysEncodedSize += ProtobufWriter.lengthDelimitedSize(FIELD_KEYS, utf8.length);
    keyIndex.put(key, keyCount);
    return keyCount++;
  }

  ValueTable values() {
    return values;
  }

  /** Appends one finished feature message (§4.2) to the layer's feature bytes. */
  void writeFeature(boolean hasId, long id, IntList tags, int type, IntList geometry) {
    int size =
        (hasId ? 1 + ProtobufWriter.varintSize64(id) : 0)
            + ProtobufWriter.packedFieldSize(FEATURE_TAGS, tags.array(), tags.size())
            + 2
            + ProtobufWriter.packedFieldSize(FEATURE_GEOMETRY, geometry.array(), geometry.size());
    ProtobufWriter w = features;
    w.writeTag(FIELD_FEATURES, ProtobufWriter.WIRE_LENGTH_DELIMITED);
    w.writeVarint(size);
    if (hasId) {
      w.writeTag(FEATURE_ID, ProtobufWriter.WIRE_VARINT);
      w.writeVarint64(id);
    }
    w.writePackedVarints(FEATURE_TAGS, tags.array(), tags.size());
    w.writeTag(FEATURE_TYPE, ProtobufWriter.WIRE_VARINT);
    w.writeVarint(type);
    w.writePackedVarints(FEATURE_GEOMETRY, geometry.array(), geometry.size());
    featureCount++;
  }

  /** Size of the layer message body, which {@link #writeTo} produces. */
  int encodedSize() {
    return ProtobufWriter.lengthDelimitedSize(FIELD_NAME, nameUtf8.length)
        + features.size()
        + keysEncodedSize
        + values.encodedSize()
        + 1
        + ProtobufWriter.varintSize(options.extent())
        + 2;
  }

  /** Writes the layer message body: name, features, keys, values, extent, version. */
  void writeTo(ProtobufWriter out) {
    out.writeTag(FIELD_NAME, ProtobufWriter.WIRE_LENGTH_DELIMITED);
    out.writeBytes(nameUtf8);
    out.append(features);
    for (int i = 0; i < keyCount; i++) {
      out.writeTag(FIELD_KEYS, ProtobufWriter.WIRE_LENGTH_DELIMITED);
      out.writeBytes(keys[i]);
    }
    values.writeTo(out);
    out.writeTag(FIELD_EXTENT, ProtobufWriter.WIRE_VARINT);
    out.writeVarint(options.extent());
    out.writeTag(FIELD_VERSION, ProtobufWriter.WIRE_VARINT);
    out.writeVarint(VERSION);
  }
}
