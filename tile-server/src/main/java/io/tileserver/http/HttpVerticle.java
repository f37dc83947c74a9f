package io.tileserver.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.tileserver.config.LimitsConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One HTTP listener on one event loop. The server deploys one per core on a shared port, so
 * requests spread over every event loop instead of queueing on one. Every request first gets what
 * all answers share (its id, security and CORS headers, the connection and deadline guard) and is
 * screened ({@link RequestScreen}); then it is offered to {@code direct} (plain tile requests,
 * answered without the router), then to the router. Requests Netty could not even parse get the
 * same JSON error shape.
 */
final class HttpVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final int port;
  private final Consumer<Router> routes;
  private final Predicate<HttpServerRequest> direct;
  private final Cors cors;
  private final LimitsConfig limits;
  private final ConnectionGuard.Shared shared;
  private ConnectionGuard guard;
  private Router router;
  private HttpServer server;

  HttpVerticle(HttpServerOptions options, int port, Consumer<Router> routes, Predicate<HttpServerRequest> direct,
      Cors cors, LimitsConfig limits, ConnectionGuard.Shared shared) {
    this.options = options;
    this.port = port;
    this.routes = routes;
    this.direct = direct;
    this.cors = cors;
    this.limits = limits;
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    routes.accept(router);
    guard = new ConnectionGuard(vertx, limits, shared);
    guard.start();
    return vertx.createHttpServer(options)
        .connectionHandler(guard::connected)
        .invalidRequestHandler(this::invalid)
        .requestHandler(this::handle)
        .listen(port).onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    guard.stop();
    return Future.succeededFuture();
  }

  private void handle(HttpServerRequest request) {
    if (!guard.requestStarted(request)) {
      return;
    }
    String id = prepare(request);
    ApiError refused = RequestScreen.check(request);
    if (refused != null) {
      refuse(request, refused, id);
      return;
    }
    if (cors.preflight(request)) {
      return;
    }
    if (!direct.test(request)) {
      router.handle(request);
    }
    guard.watchDeadline(request, id);
  }

  /** A request Netty failed to decode: too long a line or headers, or not HTTP. The connection is closed. */
  private void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414
        : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    guard.requestStarted(request);
    refuse(request, ApiError.ofStatus(status).closingConnection(), prepare(request));
  }

  private void refuse(HttpServerRequest request, ApiError error, String id) {
    if (error.closesConnection()) {
      guard.condemn(request);
    }
    ErrorResponder.send(request, error, id);
  }

  /** The headers every answer carries; returns the request's id. */
  private String prepare(HttpServerRequest request) {
    String id = RequestIds.assign(request);
    SecurityHeaders.apply(request.response().headers());
    cors.apply(request);
    return id;
  }

  /** Stops accepting connections; requests in flight may finish for up to {@code timeoutMs}. */
  Future<Void> shutdown(long timeoutMs) {
    return server.shutdown(timeoutMs, TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }
}
