package io.tileserver.fonts;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A glyph PBF read back by a protobuf reader written for the tests from {@code glyphs.proto}, so the
 * writer is checked against the schema rather than against itself.
 */
public record DecodedGlyphs(List<Stack> stacks) {
  public record Stack(String name, String range, Map<Integer, SdfGlyph> glyphs) {}

  public static DecodedGlyphs decode(byte[] bytes) {
    List<Stack> stacks = new ArrayList<>();
    Reader message = new Reader(bytes);
    while (message.more()) {
      int tag = message.varintInt();
      if (tag >>> 3 == 1 && (tag & 7) == 2) {
        stacks.add(stack(new Reader(message.bytes())));
      } else {
        message.skip(tag & 7);
      }
    }
    return new DecodedGlyphs(stacks);
  }

  private static Stack stack(Reader r) {
    String name = null;
    String range = null;
    Map<Integer, SdfGlyph> glyphs = new LinkedHashMap<>();
    while (r.more()) {
      int tag = r.varintInt();
      switch (tag >>> 3) {
        case 1 -> name = new String(r.bytes(), StandardCharsets.UTF_8);
        case 2 -> range = new String(r.bytes(), StandardCharsets.UTF_8);
        case 3 -> {
          SdfGlyph glyph = glyph(new Reader(r.bytes()));
          glyphs.put(glyph.id(), glyph);
        }
        default -> r.skip(tag & 7);
      }
    }
    return new Stack(name, range, glyphs);
  }

  private static SdfGlyph glyph(Reader r) {
    int[] v = new int[8];
    byte[] bitmap = new byte[0];
    while (r.more()) {
      int tag = r.varintInt();
      int field = tag >>> 3;
      if (field == 2) {
        bitmap = r.bytes();
      } else {
        long raw = r.varint();
        v[field] = field == 5 || field == 6 ? (int) ((raw >>> 1) ^ -(raw & 1)) : (int) raw;
      }
    }
    return new SdfGlyph(v[1], bitmap, v[3], v[4], v[5], v[6], v[7]);
  }

  private static final class Reader {
    private final ByteArrayInputStream in;

    Reader(byte[] bytes) {
      in = new ByteArrayInputStream(bytes);
    }

    boolean more() {
      return in.available() > 0;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; ; shift += 7) {
        int b = in.read();
        value |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
    }

    int varintInt() {
      return (int) varint();
    }

    byte[] bytes() {
      byte[] bytes = new byte[(int) varint()];
      if (in.read(bytes, 0, bytes.length) != bytes.length && bytes.length > 0) {
        throw new IllegalStateException("truncated length-delimited field");
      }
      return bytes;
    }

    void skip(int wireType) {
      switch (wireType) {
        case 0 -> varint();
        case 2 -> bytes();
        default -> throw new IllegalStateException("unexpected wire type " + wireType);
      }
    }
  }
}
