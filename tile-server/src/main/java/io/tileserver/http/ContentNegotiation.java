package io.tileserver.http;

import java.util.Locale;

/** Reads {@code Accept} and {@code Accept-Encoding} with their q-values (RFC 9110 §12.5). */
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
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      for (String alias : MVT_ALIASES) {
        if (alias.equals(type) && quality(parts) > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when gzip is acceptable: listed (or {@code *}) with a q-value above zero. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    double gzip = -1;
    double any = -1;
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      if (name.equals("gzip") || name.equals("x-gzip")) {
        gzip = quality(parts);
      } else if (name.equals("*")) {
        any = quality(parts);
      }
    }
    return gzip >= 0 ? gzip > 0 : any > 0;
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
