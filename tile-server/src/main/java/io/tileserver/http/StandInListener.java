package io.tileserver.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

/**
 * Holds the port while the server cannot start yet (its database does not answer), so orchestrators
 * and clients see why instead of a refused connection or a crash loop: {@code /health} is 200 (the
 * process is alive), {@code /ready} is 503 with the reason, and every other request a JSON 503 with
 * {@code Retry-After}. Closed the moment the real listener is about to bind the port.
 */
public final class StandInListener implements AutoCloseable {
  private static final int RETRY_AFTER_SECONDS = 5;
  private final Vertx vertx;
  private final HttpServer server;
  private volatile String reason = "starting";

  private StandInListener(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Listens on {@code host}:{@code port} (0 picks a free one), as the server will. */
  public static StandInListener open(String host, int port) {
    Vertx vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host));
    StandInListener standIn = new StandInListener(vertx, server);
    server.requestHandler(standIn::answer).listen(port).await();
    return standIn;
  }

  /** Why the server is not up yet, as {@code /ready} and every 503 say. */
  public void reason(String reason) {
    this.reason = reason;
  }

  public int port() {
    return server.actualPort();
  }

  private void answer(io.vertx.core.http.HttpServerRequest request) {
    String id = RequestIds.assign(request);
    SecurityHeaders.apply(request.response().headers());
    request.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    switch (request.path()) {
      case "/health" -> request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("status", "ok").encode());
      case "/ready" -> request.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(new JsonObject().put("status", "not_ready").put("reason", reason).encode());
      default -> ErrorResponder.send(request,
          ApiError.unavailable("the server is starting: " + reason, RETRY_AFTER_SECONDS), id);
    }
  }

  @Override
  public void close() {
    server.close().await();
    vertx.close().await();
  }
}
