package io.tileserver.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Consumer;

/**
 * One HTTP listener on one event loop. The server deploys one per core on a shared port, so
 * requests spread over every event loop instead of queueing on one.
 */
final class HttpVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final int port;
  private final Consumer<Router> routes;
  private HttpServer server;

  HttpVerticle(HttpServerOptions options, int port, Consumer<Router> routes) {
    this.options = options;
    this.port = port;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    routes.accept(router);
    return vertx.createHttpServer(options).requestHandler(router).listen(port).onSuccess(s -> server = s);
  }

  int actualPort() {
    return server.actualPort();
  }
}
