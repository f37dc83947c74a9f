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

  private ApiError(int status, String error, String detail, String hint, JsonObject extra, Integer retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.error = error;
    this.hint = hint;
    this.extra = extra;
    this.retryAfterSeconds = retryAfterSeconds;
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

  public static ApiError internal() {
    return new ApiError(500, "internal_error", "the server failed to answer this request",
        "retry later; if it persists, report the request id to the operator", null, null);
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
