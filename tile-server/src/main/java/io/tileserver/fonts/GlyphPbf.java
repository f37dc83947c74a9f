package io.tileserver.fonts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes MapLibre's glyph protobuf ({@code glyphs.proto}): {@code glyphs { repeated fontstack
 * stacks = 1 }}, {@code fontstack { name = 1; range = 2; repeated glyph glyphs = 3 }}, {@code glyph
 * { uint32 id = 1; bytes bitmap = 2; uint32 width = 3; uint32 height = 4; sint32 left = 5; sint32
 * top = 6; uint32 advance = 7 }}.
 *
 * <p>Written by hand here rather than shared with the MVT encoder's writer: that one is the
 * encoder's package-private hot-path buffer, and glyphs need only varints, zigzag and
 * length-delimited fields, so a public API across packages would cost more than these lines.
 */
final class GlyphPbf {
  private static final int VARINT = 0;
  private static final int LENGTH_DELIMITED = 2;

  private GlyphPbf() {}

  /**
   * The glyphs message of one stack: {@code glyphs} are encoded glyph messages ({@link #glyph}), in
   * code point order. Sized before it is written, so the buffer never grows.
   */
  static byte[] stack(String stackName, GlyphRange range, List<byte[]> glyphs) {
    byte[] name = stackName.getBytes(StandardCharsets.UTF_8);
    byte[] rangeName = range.toString().getBytes(StandardCharsets.UTF_8);
    // 256 glyphs of at most a few KB each: far from int's range.
    int stackSize = fieldSize(name.length) + fieldSize(rangeName.length);
    for (byte[] glyph : glyphs) {
      stackSize += fieldSize(glyph.length);
    }
    ByteArrayOutputStream message = new ByteArrayOutputStream(fieldSize(stackSize));
    varint(message, 1 << 3 | LENGTH_DELIMITED);
    varint(message, stackSize);
    bytes(message, 1, name);
    bytes(message, 2, rangeName);
    for (byte[] glyph : glyphs) {
      bytes(message, 3, glyph);
    }
    return message.toByteArray();
  }

  /** One glyph message, without the field tag that puts it in a stack. */
  static byte[] glyph(SdfGlyph glyph) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(glyph.bitmap().length + 24);
    uint(out, 1, glyph.id());
    if (glyph.bitmap().length > 0) {
      bytes(out, 2, glyph.bitmap());
    }
    uint(out, 3, glyph.width());
    uint(out, 4, glyph.height());
    sint(out, 5, glyph.left());
    sint(out, 6, glyph.top());
    uint(out, 7, glyph.advance());
    return out.toByteArray();
  }

  /** The bytes of a length-delimited field with a one-byte tag and {@code length} bytes of value. */
  private static int fieldSize(int length) {
    return 1 + varintSize(length) + length;
  }

  private static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  private static void uint(ByteArrayOutputStream out, int field, int value) {
    varint(out, (long) field << 3 | VARINT);
    varint(out, Integer.toUnsignedLong(value));
  }

  private static void sint(ByteArrayOutputStream out, int field, int value) {
    varint(out, (long) field << 3 | VARINT);
    varint(out, Integer.toUnsignedLong((value << 1) ^ (value >> 31)));
  }

  private static void bytes(ByteArrayOutputStream out, int field, byte[] value) {
    varint(out, (long) field << 3 | LENGTH_DELIMITED);
    varint(out, value.length);
    out.write(value, 0, value.length);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }
}
