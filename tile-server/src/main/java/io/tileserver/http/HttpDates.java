package io.tileserver.http;

import io.vertx.core.http.HttpHeaders;
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

  /** The text pre-encoded (AsciiString), so a response copies its bytes. */
  private record Formatted(long second, CharSequence text) {}

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  private HttpDates() {}

  /** {@code epochMillis} as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static CharSequence format(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    Formatted cached = last;
    if (cached.second() == second) {
      return cached.text();
    }
    CharSequence text = HttpHeaders.createOptimized(FORMAT.format(Instant.ofEpochSecond(second)));
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
