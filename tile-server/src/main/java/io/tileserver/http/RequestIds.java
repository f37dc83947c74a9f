package io.tileserver.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane, else a new one),
 * echoed in the response so a client's report can be matched with the server log. The listener
 * assigns it before anything else runs; handlers read it back from the response header. New ids are
 * a random per-process prefix and a counter: unique across restarts and instances in practice, and
 * far cheaper on the hot path than {@code UUID.randomUUID()}, whose shared SecureRandom every event
 * loop would contend on.
 */
final class RequestIds {
  static final CharSequence HEADER = HttpHeaders.createOptimized("X-Request-Id");
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final String PREFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + "-";
  private static final AtomicLong COUNTER = new AtomicLong();

  private RequestIds() {}

  /** Picks the request's id and echoes it in the response header. */
  static String assign(HttpServerRequest request) {
    String given = request.getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches()
        ? given
        : PREFIX + Long.toString(COUNTER.incrementAndGet(), 36);
    // Pre-encoded: Netty writes a String header one checked byte at a time.
    request.response().putHeader(HEADER, HttpHeaders.createOptimized(id));
    return id;
  }

  /** The id {@link #assign} gave this request. */
  static String of(HttpServerRequest request) {
    CharSequence id = request.response().headers().get(HEADER);
    return id == null ? "none" : id.toString();
  }
}
