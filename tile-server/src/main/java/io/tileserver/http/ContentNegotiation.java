package io.tileserver.http;

import java.util.Locale;

/** Reads {@code Accept} with its q-values (RFC 9110 §12.5.1); encodings are the cache's EncodingNegotiation. */
final class ContentNegotiation {
  static final String MVT = "application/vnd.mapbox-vector-tile";
  private static final String[] MVT_ALIASES = {MVT, "application/x-protobuf", "application/*", "*/*"};

  private ContentNegotiation() {}

  /** True when the client accepts an MVT body (no Accept header means anything goes). */
  static boolean acceptsMvt(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String range : accept.split(",")) {
      // -1 keeps empty parts, so ";" yields [""] rather than no parts at all.
      String[] parts = range.split(";", -1);
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      for (String alias : MVT_ALIASES) {
        if (alias.equals(type) && quality(parts) > 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
