package io.tileserver.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin headers, decided once for every response (router and direct tile path alike).
 *
 * <p>With {@code cors-origins: ["*"]} every response, with or without {@code Origin}, carries
 * {@code Access-Control-Allow-Origin: *}: the answer does not depend on the origin, so a CDN may
 * hand a copy fetched without {@code Origin} to any site's browser. With a list of origins the
 * answer does depend on it: a listed origin is echoed, and every response says {@code Vary: Origin}
 * so a shared cache keeps one copy per origin. An empty list turns CORS off.
 *
 * <p>Written here rather than with vertx-web's CorsHandler, which fails a request whose
 * {@code Origin} is not a URL ({@code Origin: file://}, {@code null}) with a 500, and which the direct
 * tile path bypasses.
 */
final class Cors {
  private static final CharSequence ANY = HttpHeaders.createOptimized("*");
  private static final CharSequence ORIGIN = HttpHeaders.createOptimized("Origin");
  private static final CharSequence EXPOSED =
      HttpHeaders.createOptimized("ETag, Last-Modified, X-Cache, X-Cache-Level, X-Request-Id, Retry-After");
  private static final CharSequence ALLOWED_METHODS = HttpHeaders.createOptimized("GET, HEAD");
  private static final CharSequence ALLOWED_HEADERS =
      HttpHeaders.createOptimized("If-None-Match, If-Modified-Since, X-Request-Id");
  private static final CharSequence PREFLIGHT_MAX_AGE = HttpHeaders.createOptimized("86400");

  private final boolean anyOrigin;
  private final Set<String> origins;

  Cors(List<String> origins) {
    this.anyOrigin = origins.contains("*");
    this.origins = Set.copyOf(origins);
  }

  /** Puts this request's cross-origin headers on its response. */
  void apply(HttpServerRequest request) {
    MultiMap headers = request.response().headers();
    if (anyOrigin) {
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ANY).set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
      return;
    }
    if (origins.isEmpty()) {
      return;
    }
    headers.add(HttpHeaders.VARY, ORIGIN);
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && origins.contains(origin)) {
      // A listed origin is one of the operator's own strings, safe to echo.
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }
  }

  /**
   * Answers a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) with 204 and
   * what may be sent; true when it did. An origin that is not allowed gets the 204 without
   * {@code Access-Control-Allow-Origin}, which the browser reads as a refusal.
   */
  boolean preflight(HttpServerRequest request) {
    if (request.method() != HttpMethod.OPTIONS || request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) == null) {
      return false;
    }
    HttpServerResponse response = request.response();
    if (response.headers().contains(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
          .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
          .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE);
    }
    response.setStatusCode(204).end();
    return true;
  }
}
