package io.tileserver.fonts;

import java.util.Arrays;
import java.util.List;

/**
 * The fonts of a style's {@code text-font}, first choice first, as a glyph URL names them
 * ({@code DejaVu Sans Bold,Open Sans Bold}). Order matters: each code point comes from the first
 * font that has it. A name given twice counts once, at its first place, since a later copy could
 * never supply a glyph.
 */
public record FontStack(List<String> fonts) {
  public FontStack {
    fonts = List.copyOf(fonts);
  }

  /**
   * Parses a URL stack; fails with {@link IllegalArgumentException} when it names no font or more
   * than {@code maxFonts} distinct ones.
   */
  public static FontStack parse(String text, int maxFonts) {
    List<String> fonts = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    if (fonts.isEmpty()) {
      throw new IllegalArgumentException("the font stack names no font");
    }
    if (fonts.size() > maxFonts) {
      throw new IllegalArgumentException("the font stack names " + fonts.size() + " fonts; at most " + maxFonts
          + " are served");
    }
    return new FontStack(fonts);
  }

  /** The stack's name in a glyph PBF: its fonts joined by commas. */
  public String name() {
    return String.join(",", fonts);
  }
}
