package io.tileserver.mvt;

import java.nio.charset.StandardCharsets;

/**
 * Reads protocol buffer wire primitives from a byte range, failing with {@link
 * InvalidTileException} on truncated or malformed input instead of reading past the range, so that
 * hostile tiles cannot make the decoder loop or over-allocate.
 */
final class ProtobufReader {
  private final byte[] bytes;
  private int position;
  private final int limit;

  ProtobufReader(byte[] bytes, int offset, int limit) {
    this.bytes = bytes;
    this.position = offset;
    this.limit = limit;
  }

  boolean hasMore() {
    return position < limit;
  }

  long readVarint64() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= limit) {
        throw new InvalidTileException("truncated varint at byte " + position);
      }
      byte b = bytes[position++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new InvalidTileException("varint longer than 10 bytes at byte " + position);
  }

  /** A varint that must fit an unsigned 32-bit field (uint32, enum, packed geometry). */
  int readVarint32() {
    long value = readVarint64();
    if ((value >>> 32) != 0) {
      throw new InvalidTileException("value " + value + " does not fit a 32-bit field");
    }
    return (int) value;
  }

  int readFixed32() {
    require(4);
    int p = position;
    position += 4;
    return (bytes[p] & 0xFF)
        | (bytes[p + 1] & 0xFF) << 8
        | (bytes[p + 2] & 0xFF) << 16
        | (bytes[p + 3] & 0xFF) << 24;
  }

  long readFixed64() {
    long low = readFixed32() & 0xFFFFFFFFL;
    long high = readFixed32() & 0xFFFFFFFFL;
    return low | (high << 32);
  }

  /** Reads a length prefix and returns a reader over those bytes, skipping them here. */
  ProtobufReader readMessage() {
    int length = readLength();
    ProtobufReader nested = new ProtobufReader(bytes, position, position + length);
    position += length;
    return nested;
  }

  String readString() {
    int length = readLength();
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  /** Skips a field of the given wire type (for extension fields). */
  void skip(int wireType) {
    switch (wireType) {
      case ProtobufWriter.WIRE_VARINT -> readVarint64();
      case ProtobufWriter.WIRE_FIXED64 -> {
        require(8);
        position += 8;
      }
      case ProtobufWriter.WIRE_LENGTH_DELIMITED -> position += readLength();
      case ProtobufWriter.WIRE_FIXED32 -> {
        require(4);
        position += 4;
      }
      default -> throw new InvalidTileException("unsupported wire type " + wireType);
    }
  }

  private int readLength() {
    long length = readVarint64();
    if (length < 0 || length > limit - position) {
      throw new InvalidTileException(
          "length " + length + " at byte " + position + " runs past the end of its message");
    }
    return (int) length;
  }

  private void require(int count) {
    if (limit - position < count) {
      throw new InvalidTileException("truncated field at byte " + position);
    }
  }
}
