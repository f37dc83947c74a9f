package io.tileserver.http;

import io.tileserver.filter.FilterException;
import io.vertx.core.json.JsonObject;

/**
 * An answer other than a tile, with what went wrong and how to fix it. It is the only error text a
 * client ever sees; internal details are logged under the request id instead.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String error;
  private final String hint;
  private final JsonObject extra;
  private final Integer retryAfterSeconds;
  private final boolean closesConnection;

  private ApiError(int status, String error, String detail, String hint, JsonObject extra, Integer retryAfterSeconds,
      boolean closesConnection) {
    super(detail, null, false, false);
    this.status = status;
    this.error = error;
    this.hint = hint;
    this.extra = extra;
    this.retryAfterSeconds = retryAfterSeconds;
    this.closesConnection = closesConnection;
  }

  private ApiError(int status, String error, String detail, String hint, JsonObject extra, Integer retryAfterSeconds) {
    this(status, error, detail, hint, extra, retryAfterSeconds, false);
  }

  public static ApiError badRequest(String detail, String hint) {
    return new ApiError(400, "bad_request", detail, hint, null, null);
  }

  public static ApiError badFilter(FilterException e) {
    JsonObject extra = new JsonObject()
        .put("parameter", e.parameter())
        .put("received", e.received())
        .put("accepted", e.accepted());
    return new ApiError(400, "bad_filter", e.getMessage(), e.hint(), extra, null);
  }

  public static ApiError unauthorized(String detail) {
    return new ApiError(401, "unauthorized", detail, "send Authorization: Bearer <admin.token>", null, null);
  }

  public static ApiError notFound(String detail, String hint) {
    return new ApiError(404, "not_found", detail, hint, null, null);
  }

  public static ApiError methodNotAllowed(String method) {
    return new ApiError(405, "method_not_allowed", "method " + method + " is not supported here", "use GET or HEAD",
        null, null);
  }

  public static ApiError notAcceptable(String detail, String hint) {
    return new ApiError(406, "not_acceptable", detail, hint, null, null);
  }

  public static ApiError unavailable(String detail, int retryAfterSeconds) {
    return new ApiError(503, "unavailable", detail, "retry after " + retryAfterSeconds + " s", null, retryAfterSeconds);
  }

  /**
   * A client error Vert.x or Netty detected before any handler ran (a malformed or oversized request),
   * in the same shape as ours.
   */
  public static ApiError ofStatus(int status) {
    return switch (status) {
      case 413 -> new ApiError(413, "payload_too_large", "the request is too large", "send GET requests without a body",
          null, null);
      case 414 -> new ApiError(414, "uri_too_long", "the request line is longer than the server accepts",
          "shorten the query string: at most " + TileServer.MAX_REQUEST_LINE + " bytes", null, null);
      case 431 -> new ApiError(431, "headers_too_large", "the request headers are larger than the server accepts",
          "send fewer or shorter headers: at most " + TileServer.MAX_REQUEST_LINE + " bytes in all", null, null);
      default -> new ApiError(400, "bad_request", "the request is malformed",
          "send a well-formed HTTP request; percent-encode reserved characters in the URL", null, null);
    };
  }

  /** The same error, after which the server closes the connection (the request's framing is suspect). */
  public ApiError closingConnection() {
    return new ApiError(status, error, getMessage(), hint, extra, retryAfterSeconds, true);
  }

  public boolean closesConnection() {
    return closesConnection;
  }

  public static ApiError tooManyRequests(String detail, String limit, int retryAfterSeconds) {
    return new ApiError(429, "too_many_requests", detail,
        "retry after " + retryAfterSeconds + " s; the operator sets this limit as " + limit, null, retryAfterSeconds);
  }

  public static ApiError internal() {
    return new ApiError(500, "internal_error", "the server failed to answer this request",
        "retry later; if it persists, report the request id to the operator", null, null);
  }

  /** A client's value as an error may quote it: at most 32 characters, so a huge value is not echoed. */
  static String abbreviate(String value) {
    return value.length() <= 32 ? value : value.substring(0, 32) + "…";
  }

  public int status() {
    return status;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public JsonObject body(String requestId) {
    JsonObject body = new JsonObject().put("error", error).put("detail", getMessage()).put("hint", hint);
    if (extra != null) {
      body.mergeIn(extra);
    }
    return body.put("request_id", requestId);
  }
}
