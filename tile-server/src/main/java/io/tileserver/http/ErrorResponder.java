package io.tileserver.http;

import io.tileserver.filter.FilterException;
import io.tileserver.source.SourceUnavailableException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into a JSON error response. Known problems keep their own status and words;
 * anything else is logged in full with the request id and answered with a generic 500, so no stack
 * trace, SQL or connection string reaches a client.
 */
final class ErrorResponder {
  private static final Logger LOGGER = LoggerFactory.getLogger(ErrorResponder.class);

  private ErrorResponder() {}

  static ApiError classify(Throwable failure, String requestId, String what) {
    if (failure instanceof ApiError api) {
      return api;
    }
    if (failure instanceof FilterException filter) {
      return ApiError.badFilter(filter);
    }
    if (failure instanceof SourceUnavailableException busy) {
      LOGGER.warn("request {} ({}): {}", requestId, what, busy.getMessage());
      return ApiError.unavailable(busy.publicReason(), busy.retryAfterSeconds());
    }
    LOGGER.error("request {} ({}) failed", requestId, what, failure);
    return ApiError.internal();
  }

  static void send(RoutingContext ctx, Throwable failure) {
    String requestId = RequestIds.of(ctx);
    ApiError error = classify(failure, requestId, ctx.request().method() + " " + ctx.request().path());
    send(ctx, error, requestId);
  }

  static void send(RoutingContext ctx, ApiError error, String requestId) {
    send(ctx.request(), error, requestId);
  }

  static void send(HttpServerRequest request, ApiError error, String requestId) {
    HttpServerResponse response = request.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (error.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"admin\"");
    }
    if (error.status() == 405) {
      response.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
    }
    if (error.retryAfterSeconds() != null) {
      response.putHeader(HttpHeaders.RETRY_AFTER, error.retryAfterSeconds().toString());
    }
    String body = error.body(requestId).encode();
    if (request.method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
    } else {
      response.end(body);
    }
  }

  /** The router's failure handler: also covers failures Vert.x itself raises (status codes). */
  static void handleFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null) {
      int status = ctx.statusCode();
      ApiError error = status == 404
          ? ApiError.notFound("no route for " + ctx.request().path(), "see GET /catalog for what this server serves")
          : status == 405
              ? ApiError.methodNotAllowed(ctx.request().method().name())
              : ApiError.internal();
      send(ctx, error, RequestIds.of(ctx));
    } else {
      send(ctx, failure);
    }
  }
}
