package io.tileserver.fonts;

import java.awt.Font;

/**
 * One face's glyphs of one 256-code-point range, each already encoded as a glyph protobuf message,
 * so that any stack's answer is these messages concatenated: rendering happens once per face and
 * range, whichever stacks, in whichever order, ask for it.
 */
final class FontRange {
  /** Caffeine weighs entries by this; the array and its headers are counted roughly. */
  private static final int OVERHEAD_BYTES = 16;

  /** By offset in the range; null where the face has no glyph. */
  private final byte[][] glyphs;
  private final int weight;

  private FontRange(byte[][] glyphs) {
    this.glyphs = glyphs;
    long bytes = (long) OVERHEAD_BYTES * glyphs.length;
    for (byte[] glyph : glyphs) {
      bytes += glyph == null ? 0 : glyph.length;
    }
    this.weight = (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** Renders every code point of {@code range} that {@code face} can display (CPU-bound: up to a second). */
  static FontRange render(FontFace face, GlyphRange range) {
    Font sized = SdfRasterizer.sized(face.font());
    int ascender = SdfRasterizer.ascender(sized);
    byte[][] glyphs = new byte[range.end() - range.start() + 1][];
    for (int codePoint = range.start(); codePoint <= range.end(); codePoint++) {
      if (!Character.isSurrogate((char) codePoint) && sized.canDisplay(codePoint)) {
        glyphs[codePoint - range.start()] = GlyphPbf.glyph(SdfRasterizer.render(sized, codePoint, ascender));
      }
    }
    return new FontRange(glyphs);
  }

  /** The encoded glyph at {@code offset} into the range, or null when the face lacks it. */
  byte[] glyph(int offset) {
    return glyphs[offset];
  }

  int weight() {
    return weight;
  }
}
