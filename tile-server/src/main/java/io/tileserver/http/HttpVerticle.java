package io.tileserver.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One HTTP listener on one event loop. The server deploys one per core on a shared port, so
 * requests spread over every event loop instead of queueing on one. Each request is offered to
 * {@code direct} first (plain tile requests, answered without the router), then to the router.
 */
final class HttpVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final int port;
  private final Consumer<Router> routes;
  private final Predicate<HttpServerRequest> direct;
  private HttpServer server;

  HttpVerticle(HttpServerOptions options, int port, Consumer<Router> routes, Predicate<HttpServerRequest> direct) {
    this.options = options;
    this.port = port;
    this.routes = routes;
    this.direct = direct;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    routes.accept(router);
    return vertx.createHttpServer(options)
        .requestHandler(request -> {
          if (!direct.test(request)) {
            router.handle(request);
          }
        })
        .listen(port).onSuccess(s -> server = s);
  }

  int actualPort() {
    return server.actualPort();
  }
}
