package io.tileserver.sample;

/** PostgreSQL COPY text format: tab-separated, {@code \N} for NULL, backslash escapes. */
final class CopyText {
  private CopyText() {}

  static void appendRow(StringBuilder out, long line, Listing l) {
    out.append(line);
    field(out, l.externalId());
    field(out, l.address());
    field(out, l.city());
    field(out, l.state());
    field(out, l.zip());
    field(out, l.latitude());
    field(out, l.longitude());
    field(out, l.price());
    field(out, l.bedrooms());
    field(out, l.bathrooms());
    field(out, l.sqft());
    field(out, l.propertyType());
    field(out, l.status());
    field(out, l.imageUrl());
    out.append('\n');
  }

  private static void field(StringBuilder out, Object value) {
    out.append('\t');
    if (value == null) {
      out.append("\\N");
    } else if (value instanceof String s) {
      escape(out, s);
    } else {
      out.append(value);
    }
  }

  private static void escape(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }
}
