package io.tileserver.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tileserver.cache.TileCache;
import io.tileserver.cache.TileService;
import io.tileserver.config.ServerConfig;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.source.SourceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP listener over a set of sources: routes → handlers → tile service → cache → sources. */
public final class TileServer {
  private static final Logger LOGGER = LoggerFactory.getLogger(TileServer.class);
  static final int MAX_REQUEST_LINE = 16 * 1024;

  private final HttpServer http;
  private final TileCache cache;

  private TileServer(HttpServer http, TileCache cache) {
    this.http = http;
    this.cache = cache;
  }

  /**
   * Starts listening on {@code port} (0 picks a free one).
   *
   * @param readiness completes when the server can serve tiles (database reachable), fails otherwise
   */
  public static Future<TileServer> start(Vertx vertx, PrometheusMeterRegistry prometheus, ServerConfig config,
      SourceRegistry sources, Supplier<Future<JsonObject>> readiness, int port) {
    TileMetrics metrics = new TileMetrics(prometheus);
    TileCache cache = new TileCache(config.cache(), prometheus);
    TileService service = new TileService(vertx, cache, metrics);
    Router router = Router.router(vertx);
    // Fonts and styles are files: read them off the event loop.
    return vertx.executeBlocking(() -> MapResources.load(vertx, config)).compose(map -> {
      TileRoutes.mount(router, config.server().corsOrigins(),
          new OpsHandler(readiness, prometheus),
          new MetadataHandler(sources, config.server().publicUrl()),
          new TileHandler(sources, service, metrics, config),
          map.handlers(sources, config));
      // Long enough request lines that an oversized filter value reaches validation and gets a JSON 400.
      HttpServerOptions options = new HttpServerOptions().setCompressionSupported(false).setHost("0.0.0.0")
          .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_REQUEST_LINE)
          .setInitialSettings(new Http2Settings().setMaxHeaderListSize(MAX_REQUEST_LINE));
      return vertx.createHttpServer(options).requestHandler(router).listen(port);
    })
        .map(http -> {
          LOGGER.info("listening on http://localhost:{}/ with {} source(s)", http.actualPort(), sources.all().size());
          return new TileServer(http, cache);
        });
  }

  public int port() {
    return http.actualPort();
  }

  public TileCache cache() {
    return cache;
  }

  public Future<Void> close() {
    return http.close();
  }
}
