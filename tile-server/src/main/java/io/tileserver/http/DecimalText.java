package io.tileserver.http;

/**
 * Whole numbers in URLs, read strictly: ASCII digits only, no sign, no leading zero, so every
 * number has one spelling. {@code Character.isDigit} would take Arabic-Indic and other digits, and
 * leading zeros would give one tile many URLs, each a separate CDN cache entry.
 */
final class DecimalText {
  private DecimalText() {}

  /** The value of {@code text} when it is the canonical spelling of a long, else -1. */
  static long parse(String text) {
    int length = text.length();
    if (length == 0 || length > 19 || length > 1 && text.charAt(0) == '0') {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
      if (value < 0) {
        return -1;
      }
    }
    return value;
  }
}
