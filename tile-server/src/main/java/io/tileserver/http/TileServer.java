package io.tileserver.http;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running HTTP server: owns the Vert.x instance and its listener. */
public final class TileServer {
  private static final Logger LOGGER = LoggerFactory.getLogger(TileServer.class);

  private final Vertx vertx;
  private final HttpServer http;

  private TileServer(Vertx vertx, HttpServer http) {
    this.vertx = vertx;
    this.http = http;
  }

  /** Starts listening; {@code portOverride} (from the CLI) wins over {@code server.port}. */
  public static Future<TileServer> start(ServerConfig config, DatabaseUrl database, Integer portOverride) {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("status", "ok")));
    int port = portOverride != null ? portOverride : config.server().port();
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, "0.0.0.0")
        .map(http -> {
          LOGGER.info("listening on http://localhost:{}/ (database {})", http.actualPort(), database.redacted());
          return new TileServer(vertx, http);
        });
  }

  public int port() {
    return http.actualPort();
  }

  public Future<Void> close() {
    return vertx.close();
  }
}
