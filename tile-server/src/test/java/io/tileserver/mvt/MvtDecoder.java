package io.tileserver.mvt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * A strict decoder for Mapbox Vector Tiles, spec 2.1: it accepts what the spec allows and throws
 * {@link InvalidTileException} for anything else, including what lenient decoders recover from
 * (a feature without type, a repeated field, a tag pointing past the tables, a layer name used
 * twice). It exists to check tiles: the encoder's tests decode everything it writes with it, and a
 * source serving tiles it did not encode (MBTiles, PMTiles) can vet them with it. Being strict is
 * the point: a tile it accepts reads the same in every client.
 *
 * <p>Unknown fields are rejected in features and values, whose schema is closed, and skipped in
 * tiles and layers only in their declared extension ranges (field numbers 16 and up).
 */
public final class MvtDecoder {
  private final GeometryFactory factory;

  public MvtDecoder() {
    this(new GeometryFactory());
  }

  public MvtDecoder(GeometryFactory factory) {
    this.factory = factory;
  }

  /**
   * Decodes a whole tile.
   *
   * @throws InvalidTileException when the bytes are not a valid spec 2.1 tile
   */
  public DecodedTile decode(byte[] tile) {
    ProtobufReader reader = new ProtobufReader(tile, 0, tile.length);
    List<DecodedTile.Layer> layers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    while (reader.hasMore()) {
      long tag = reader.readVarint64();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 0x7);
      if (field == TileBuilder.FIELD_LAYERS) {
        expectWireType(wireType, ProtobufWriter.WIRE_LENGTH_DELIMITED, "Tile.layers");
        DecodedTile.Layer layer = layer(reader.readMessage());
        if (!names.add(layer.name())) {
          throw new InvalidTileException("layer name '" + layer.name() + "' used twice (§4.1)");
        }
        layers.add(layer);
      } else if (field >= 16) {
        reader.skip(wireType);
      } else {
        throw new InvalidTileException("unknown Tile field " + field);
      }
    }
    return new DecodedTile(layers);
  }

  private DecodedTile.Layer layer(ProtobufReader reader) {
    Integer version = null;
    String name = null;
    int extent = LayerOptions.DEFAULT_EXTENT;
    List<ProtobufReader> featureMessages = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    while (reader.hasMore()) {
      long tag = reader.readVarint64();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 0x7);
      switch (field) {
        case LayerBuilder.FIELD_VERSION -> {
          expectWireType(wireType, ProtobufWriter.WIRE_VARINT, "Layer.version");
          version = reader.readVarint32();
        }
        case LayerBuilder.FIELD_NAME -> {
          expectWireType(wireType, ProtobufWriter.WIRE_LENGTH_DELIMITED, "Layer.name");
          name = reader.readString();
        }
        case LayerBuilder.FIELD_FEATURES -> {
          expectWireType(wireType, ProtobufWriter.WIRE_LENGTH_DELIMITED, "Layer.features");
          featureMessages.add(reader.readMessage());
        }
        case LayerBuilder.FIELD_KEYS -> {
          expectWireType(wireType, ProtobufWriter.WIRE_LENGTH_DELIMITED, "Layer.keys");
          keys.add(reader.readString());
        }
        case LayerBuilder.FIELD_VALUES -> {
          expectWireType(wireType, ProtobufWriter.WIRE_LENGTH_DELIMITED, "Layer.values");
          values.add(value(reader.readMessage()));
        }
        case LayerBuilder.FIELD_EXTENT -> {
          expectWireType(wireType, ProtobufWriter.WIRE_VARINT, "Layer.extent");
          extent = reader.readVarint32();
        }
        default -> {
          if (field < 16) {
            throw new InvalidTileException("unknown Layer field " + field);
          }
          reader.skip(wireType);
        }
      }
    }
    if (version == null) {
      throw new InvalidTileException("layer has no version (§4.1: it MUST contain one)");
    }
    if (version != 1 && version != LayerBuilder.VERSION) {
      throw new InvalidTileException("layer version " + version + " is not 1 or 2 (§4.1)");
    }
    if (name == null || name.isEmpty()) {
      throw new InvalidTileException("layer has no name (§4.1: it MUST contain one)");
    }
    if (extent <= 0) {
      throw new InvalidTileException("layer extent must be positive, was " + extent);
    }
    List<DecodedTile.Feature> features = new ArrayList<>(featureMessages.size());
    CommandDecoder commands = new CommandDecoder(factory);
    for (ProtobufReader message : featureMessages) {
      features.add(feature(message, keys, values, commands));
    }
    return new DecodedTile.Layer(version, name, extent, features);
  }

  private DecodedTile.Feature feature(
      ProtobufReader reader, List<String> keys, List<Object> values, CommandDecoder decoder) {
    OptionalLong id = OptionalLong.empty();
    int[] tags = null;
    Integer type = null;
    int[] commands = null;
    while (reader.hasMore()) {
      long tag = reader.readVarint64();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 0x7);
      switch (field) {
        case LayerBuilder.FEATURE_ID -> {
          expectWireType(wireType, ProtobufWriter.WIRE_VARINT, "Feature.id");
          once(id.isPresent(), "id");
          id = OptionalLong.of(reader.readVarint64());
        }
        case LayerBuilder.FEATURE_TAGS -> {
          expectWireType(wireType, ProtobufWriter.WIRE_LENGTH_DELIMITED, "Feature.tags");
          once(tags != null, "tags");
          tags = packed(reader.readMessage());
        }
        case LayerBuilder.FEATURE_TYPE -> {
          expectWireType(wireType, ProtobufWriter.WIRE_VARINT, "Feature.type");
          once(type != null, "type");
          type = reader.readVarint32();
        }
        case LayerBuilder.FEATURE_GEOMETRY -> {
          expectWireType(wireType, ProtobufWriter.WIRE_LENGTH_DELIMITED, "Feature.geometry");
          once(commands != null, "geometry");
          commands = packed(reader.readMessage());
        }
        default -> throw new InvalidTileException("unknown Feature field " + field);
      }
    }
    if (type == null) {
      throw new InvalidTileException("feature has no type (§4.2: it MUST contain one)");
    }
    if (type < GeometryEncoder.UNKNOWN || type > GeometryEncoder.POLYGON) {
      throw new InvalidTileException("feature type " + type + " is not a GeomType (§4.3.4)");
    }
    if (commands == null) {
      throw new InvalidTileException("feature has no geometry (§4.2: it MUST contain one)");
    }
    Geometry geometry = type == GeometryEncoder.UNKNOWN ? null : decoder.decode(type, commands);
    return new DecodedTile.Feature(id, type, commands, geometry, attributes(tags, keys, values));
  }

  private static Map<String, Object> attributes(int[] tags, List<String> keys, List<Object> values) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (tags == null) {
      return attributes;
    }
    if (tags.length % 2 != 0) {
      throw new InvalidTileException("feature has an odd number of tags (§4.4)");
    }
    for (int i = 0; i < tags.length; i += 2) {
      int key = tags[i];
      int value = tags[i + 1];
      if (key < 0 || key >= keys.size()) {
        throw new InvalidTileException("tag key index " + key + " past " + keys.size() + " keys");
      }
      if (value < 0 || value >= values.size()) {
        throw new InvalidTileException(
            "tag value index " + value + " past " + values.size() + " values (§4.4)");
      }
      if (attributes.put(keys.get(key), values.get(value)) != null) {
        throw new InvalidTileException("key '" + keys.get(key) + "' used twice in a feature");
      }
    }
    return attributes;
  }

  /** One Value message (§4.1): exactly one of the seven typed fields. */
  private static Object value(ProtobufReader reader) {
    Object value = null;
    while (reader.hasMore()) {
      long tag = reader.readVarint64();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 0x7);
      if (value != null) {
        throw new InvalidTileException("Value holds more than one field (§4.1)");
      }
      value =
          switch (field) {
            case ValueTable.STRING -> {
              expectWireType(wireType, ProtobufWriter.WIRE_LENGTH_DELIMITED, "Value.string_value");
              yield reader.readString();
            }
            case ValueTable.FLOAT -> {
              expectWireType(wireType, ProtobufWriter.WIRE_FIXED32, "Value.float_value");
              yield Float.intBitsToFloat(reader.readFixed32());
            }
            case ValueTable.DOUBLE -> {
              expectWireType(wireType, ProtobufWriter.WIRE_FIXED64, "Value.double_value");
              yield Double.longBitsToDouble(reader.readFixed64());
            }
            case ValueTable.INT, 5 -> {
              expectWireType(wireType, ProtobufWriter.WIRE_VARINT, "Value.int_value/uint_value");
              yield reader.readVarint64();
            }
            case ValueTable.SINT -> {
              expectWireType(wireType, ProtobufWriter.WIRE_VARINT, "Value.sint_value");
              long raw = reader.readVarint64();
              yield (raw >>> 1) ^ -(raw & 1);
            }
            case ValueTable.BOOL -> {
              expectWireType(wireType, ProtobufWriter.WIRE_VARINT, "Value.bool_value");
              yield reader.readVarint64() != 0;
            }
            default -> throw new InvalidTileException("unknown Value field " + field + " (§4.1)");
          };
    }
    if (value == null) {
      throw new InvalidTileException("Value holds no field (§4.1: exactly one is required)");
    }
    return value;
  }

  private static int[] packed(ProtobufReader reader) {
    IntList values = new IntList(16);
    while (reader.hasMore()) {
      values.add(reader.readVarint32());
    }
    return values.toArray();
  }

  private static void once(boolean seen, String field) {
    if (seen) {
      throw new InvalidTileException("feature has more than one " + field + " field");
    }
  }

  private static void expectWireType(int actual, int expected, String field) {
    if (actual != expected) {
      throw new InvalidTileException(
          field + " has wire type " + actual + ", expected " + expected + " (vector_tile.proto)");
    }
  }
}
