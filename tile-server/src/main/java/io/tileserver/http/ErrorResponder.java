package io.tileserver.http;

import io.tileserver.filter.FilterException;
import io.tileserver.ratelimit.RateLimitedException;
import io.tileserver.source.SourceUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error path: turns any failure into a JSON error response. Known problems keep their own
 * status and words; anything else is logged in full with the request id and answered with a generic
 * 500, so no stack trace, SQL or connection string reaches a client. Logging is throttled per kind
 * of failure, so bad input or an outage cannot flood the log.
 */
final class ErrorResponder {
  private static final Logger LOGGER = LoggerFactory.getLogger(ErrorResponder.class);
  private static final LogThrottle THROTTLE = new LogThrottle(1, TimeUnit.SECONDS);
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence CLOSE = HttpHeaders.createOptimized("close");

  private ErrorResponder() {}

  static ApiError classify(Throwable failure, String requestId, String what) {
    if (failure instanceof ApiError api) {
      return api;
    }
    if (failure instanceof FilterException filter) {
      return ApiError.badFilter(filter);
    }
    if (failure instanceof RateLimitedException limited) {
      return ApiError.tooManyRequests(limited.getMessage(), limited.limit(), limited.retryAfterSeconds());
    }
    if (failure instanceof SourceUnavailableException busy) {
      long held = THROTTLE.admit(busy.getClass().getName());
      if (held >= 0) {
        LOGGER.warn("request {} ({}): {}{}", requestId, what, busy.getMessage(), heldBack(held));
      }
      return ApiError.unavailable(busy.publicReason(), busy.retryAfterSeconds());
    }
    long held = THROTTLE.admit(failure.getClass().getName());
    if (held >= 0) {
      LOGGER.error("request {} ({}) failed{}", requestId, what, heldBack(held), failure);
    }
    return ApiError.internal();
  }

  /** Logs a client's mistake at debug level: it is the client's to fix, and clients can send millions. */
  private static void logRefusal(String requestId, ApiError error) {
    LOGGER.debug("request {} refused with {}: {}", requestId, error.status(), error.getMessage());
  }

  private static String heldBack(long held) {
    return held == 0 ? "" : " (" + held + " more like it in the last second not logged)";
  }

  static void send(RoutingContext ctx, Throwable failure) {
    HttpServerRequest request = ctx.request();
    String requestId = RequestIds.of(request);
    send(request, classify(failure, requestId, request.method() + " " + request.path()), requestId);
  }

  /** Answers {@code error} unless the response has already ended (a deadline may have answered first). */
  static Future<Void> send(HttpServerRequest request, ApiError error, String requestId) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return Future.succeededFuture();
    }
    if (response.headWritten()) {
      response.reset();
      return Future.succeededFuture();
    }
    if (error.status() < 500) {
      logRefusal(requestId, error);
    }
    response.setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    if (error.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"admin\"");
    }
    if (error.status() == 405) {
      response.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
    }
    if (error.retryAfterSeconds() != null) {
      response.putHeader(HttpHeaders.RETRY_AFTER, error.retryAfterSeconds().toString());
    }
    if (error.closesConnection()) {
      response.putHeader(HttpHeaders.CONNECTION, CLOSE);
    }
    Buffer body = error.body(requestId).toBuffer();
    Future<Void> sent;
    if (request.method() == HttpMethod.HEAD) {
      sent = response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())).end();
    } else {
      sent = response.end(body);
    }
    return error.closesConnection() ? sent.eventually(() -> request.connection().close()) : sent;
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
              : status >= 400 && status < 500
                  ? ApiError.ofStatus(status)
                  : ApiError.internal();
      send(ctx.request(), error, RequestIds.of(ctx.request()));
    } else {
      send(ctx, failure);
    }
  }
}
