package io.tileserver.mvt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The de-duplicated {@code values} table of one layer (spec 2.1 §4.1 and §4.4), kept as primitive
 * columns so that repeated values cost one hash lookup and no allocation.
 *
 * <p>Each value keeps the type it was given, because a decoder reports the type back: integers go
 * to {@code int_value} when non-negative and to {@code sint_value} (zigzag) when negative, since a
 * negative {@code int_value} always takes ten bytes; {@code 5}, {@code 5.0f} and {@code 5.0} are
 * three different entries. Entries keep insertion order, which makes output deterministic.
 */
final class ValueTable {
  // Field numbers of the spec's Value message.
  static final byte STRING = 1;
  static final byte FLOAT = 2;
  static final byte DOUBLE = 3;
  static final byte INT = 4;
  static final byte SINT = 6;
  static final byte BOOL = 7;

  private final HashMap<String, Integer> stringIndex = new HashMap<>();
  private final LongIntMap longIndex = new LongIntMap(256);
  private final LongIntMap doubleIndex = new LongIntMap(256);
  private final LongIntMap floatIndex = new LongIntMap(16);
  private int trueIndex = -1;
  private int falseIndex = -1;

  private byte[] types = new byte[256];
  private long[] bits = new long[256];
  private byte[][] utf8 = new byte[256][];
  private int size;
  private int encodedSize;

  int size() {
    return size;
  }

  int indexOf(String value) {
    Integer index = stringIndex.get(value);
    if (index != null) {
      return index;
    }
    int added = add(STRING, 0, value.getBytes(StandardCharsets.UTF_8));
    stringIndex.put(value, added);
    return added;
  }

  int indexOf(long value) {
    int index = longIndex.get(value);
    if (index < 0) {
      index = add(value < 0 ? SINT : INT, value, null);
      longIndex.putNew(value, index);
    }
    return index;
  }

  int indexOf(double value) {
    long key = Double.doubleToLongBits(value);
    int index = doubleIndex.get(key);
    if (index < 0) {
      index = add(DOUBLE, key, null);
      doubleIndex.putNew(key, index);
    }
    return index;
  }

  int indexOf(float value) {
    long key = Float.floatToIntBits(value);
    int index = floatIndex.get(key);
    if (index < 0) {
      index = add(FLOAT, key, null);
      floatIndex.putNew(key, index);
    }
    return index;
  }

  int indexOf(boolean value) {
    if (value) {
      if (trueIndex < 0) {
        trueIndex = add(BOOL, 1, null);
      }
      return trueIndex;
    }
    if (falseIndex < 0) {
      falseIndex = add(BOOL, 0, null);
    }
    return falseIndex;
  }

  private int add(byte type, long value, byte[] string) {
    if (size == types.length) {
      int capacity = size * 2;
      types = Arrays.copyOf(types, capacity);
      bits = Arrays.copyOf(bits, capacity);
      utf8 = Arrays.copyOf(utf8, capacity);
    }
    types[size] = type;
    bits[size] = value;
    utf8[size] = string;
    encodedSize += ProtobufWriter.lengthDelimitedSize(LayerBuilder.FIELD_VALUES, messageSize(size));
    return size++;
  }

  /** Bytes that {@link #writeTo} produces: every value as a layer {@code values} field. */
  int encodedSize() {
    return encodedSize;
  }

  private int messageSize(int i) {
    return switch (types[i]) {
      case STRING -> ProtobufWriter.lengthDelimitedSize(STRING, utf8[i].length);
      case FLOAT -> 1 + 4;
      case DOUBLE -> 1 + 8;
      case INT -> 1 + ProtobufWriter.varintSize64(bits[i]);
      case SINT -> 1 + ProtobufWriter.varintSize64(ProtobufWriter.zigzag64(bits[i]));
      case BOOL -> 1 + 1;
      default -> throw new IllegalStateException("unknown value type " + types[i]);
    };
  }

  void writeTo(ProtobufWriter writer) {
    for (int i = 0; i < size; i++) {
      writer.writeTag(LayerBuilder.FIELD_VALUES, ProtobufWriter.WIRE_LENGTH_DELIMITED);
      writer.writeVarint(messageSize(i));
      byte type = types[i];
      switch (type) {
        case STRING -> {
          writer.writeTag(STRING, ProtobufWriter.WIRE_LENGTH_DELIMITED);
          writer.writeBytes(utf8[i]);
        }
        case FLOAT -> {
          writer.writeTag(FLOAT, ProtobufWriter.WIRE_FIXED32);
          writer.writeFixed32((int) bits[i]);
        }
        case DOUBLE -> {
          writer.writeTag(DOUBLE, ProtobufWriter.WIRE_FIXED64);
          writer.writeFixed64(bits[i]);
        }
        case INT -> {
          writer.writeTag(INT, ProtobufWriter.WIRE_VARINT);
          writer.writeVarint64(bits[i]);
        }
        case SINT -> {
          writer.writeTag(SINT, ProtobufWriter.WIRE_VARINT);
          writer.writeVarint64(ProtobufWriter.zigzag64(bits[i]));
        }
        case BOOL -> {
          writer.writeTag(BOOL, ProtobufWriter.WIRE_VARINT);
          writer.writeVarint((int) bits[i]);
        }
        default -> throw new IllegalStateException("unknown value type " + type);
      }
    }
  }
}
