package io.tileserver.fonts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A block of 256 code points as MapLibre requests them: {@code 0-255}, {@code 256-511}, … up to
 * {@code 65280-65535}. MapLibre asks only for such blocks, so anything else is a client error.
 */
public record GlyphRange(int start, int end) {
  /** The one spelling of each block: ASCII digits, no leading zeros, at most five digits. */
  private static final Pattern TEXT = Pattern.compile("(0|[1-9][0-9]{0,4})-([1-9][0-9]{0,4})");

  public GlyphRange {
    if (start < 0 || start % 256 != 0 || end != start + 255 || end > 65535) {
      throw new IllegalArgumentException("glyph range " + start + "-" + end
          + " is not a 256-aligned block (0-255, 256-511, …, 65280-65535)");
    }
  }

  /** Parses {@code "256-511"}; any other spelling of a block ({@code 0256-0511}) is refused too. */
  public static GlyphRange parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("glyph range must look like 0-255, was " + text);
    }
    return new GlyphRange(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
