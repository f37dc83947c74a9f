package io.tileserver.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * Headers every response carries, whatever answers it: no MIME sniffing (a tile or JSON body must
 * never be run as a script or page), no full URLs with filter values leaked in {@code Referer} to
 * other sites, and no framing of the viewer by other sites (clickjacking). Pre-encoded, as on the
 * tile hot path.
 */
final class SecurityHeaders {
  private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence REFERRER = HttpHeaders.createOptimized("strict-origin-when-cross-origin");
  private static final CharSequence FRAME_NAME = HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence FRAME = HttpHeaders.createOptimized("SAMEORIGIN");
  private static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence CSP = HttpHeaders.createOptimized("frame-ancestors 'self'");

  private SecurityHeaders() {}

  static void apply(MultiMap headers) {
    headers.set(NOSNIFF_NAME, NOSNIFF).set(REFERRER_NAME, REFERRER).set(FRAME_NAME, FRAME).set(CSP_NAME, CSP);
  }
}
