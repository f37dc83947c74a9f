package io.tileserver.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Checks what every request must get right before any route sees it, so a malformed request is a
 * 400 in the JSON error shape rather than an exception deep in the router (a 500) or Vert.x's
 * plain-text "Bad Request".
 */
final class RequestScreen {
  private RequestScreen() {}

  /** Why {@code request} is refused, or null when it may go on. */
  static ApiError check(HttpServerRequest request) {
    String version = request.getHeader(UnknownVersionMarker.HEADER);
    if (version != null) {
      return ApiError.badRequest("this server speaks HTTP/1.1 (and 1.0), not " + ApiError.abbreviate(version),
          "send the request as HTTP/1.1").closingConnection();
    }
    if (request.authority() == null) {
      return ApiError.badRequest("the Host header is missing or is not a host name with an optional port",
          "send Host: name[:port] (RFC 9112 section 3.2)");
    }
    // Every route here is GET, HEAD or a bodiless admin POST. A body is unexpected, and a request
    // framed by Transfer-Encoding may also have carried a Content-Length (which Netty drops): the
    // two disagreeing is how requests are smuggled past a proxy, so the connection is closed too
    // (RFC 9112 section 6.3).
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.equals("0")) {
      return ApiError.badRequest("this server takes no request body", "send the request without a body")
          .closingConnection();
    }
    if (!wellEncoded(request.uri())) {
      return ApiError.badRequest("the URL has a '%' that is not followed by two hex digits",
          "percent-encode reserved characters: '%' itself is %25");
    }
    return null;
  }

  /** True when every '%' in {@code uri} starts a %XX escape. */
  static boolean wellEncoded(String uri) {
    for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
      if (i + 2 >= uri.length() || !hex(uri.charAt(i + 1)) || !hex(uri.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }
}
