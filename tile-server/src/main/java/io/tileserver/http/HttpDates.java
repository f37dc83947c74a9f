package io.tileserver.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * HTTP dates (RFC 9110 §5.6.7, IMF-fixdate) for {@code Last-Modified} and {@code If-Modified-Since}.
 * Tiles of one source share their last-modified second, so the last formatted value is kept: a
 * run of hits formats nothing.
 */
final class HttpDates {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private record Formatted(long second, String text) {}

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  private HttpDates() {}

  /** {@code epochMillis} as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static String format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    Formatted cached = last;
    if (cached.second() == second) {
      return cached.text();
    }
    String text = FORMAT.format(Instant.ofEpochSecond(second));
    last = new Formatted(second, text);
    return text;
  }

  /** The epoch second of an HTTP date, or null when it does not parse (the header is then ignored). */
  static Long parseSeconds(String text) {
    try {
      return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
