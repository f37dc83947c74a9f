package io.tileserver;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.ServerConfig;
import io.tileserver.http.TileServer;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.postgis.PostgisPool;
import io.tileserver.source.postgis.PostgisSources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The assembled server: Vert.x with metrics, the database pool, the discovered sources, HTTP. */
public final class ServerApp {
  private static final Logger LOGGER = LoggerFactory.getLogger(ServerApp.class);

  private final Vertx vertx;
  private final TileServer server;

  private ServerApp(Vertx vertx, TileServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts everything; {@code portOverride} (from the CLI) wins over {@code server.port}. */
  public static Future<ServerApp> start(ServerConfig config, DatabaseUrl database, Integer portOverride) {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(prometheus))
        .build();
    Pool pool = PostgisPool.create(vertx, database, config.database());
    int port = portOverride != null ? portOverride : config.server().port();
    return PostgisSources.discover(pool, config)
        .map(sources -> new SourceRegistry(sources, defaults(config)))
        .compose(registry -> TileServer.start(vertx, prometheus, config, registry, () -> ready(pool), port))
        .map(server -> new ServerApp(vertx, server))
        .onFailure(e -> vertx.close());
  }

  private static Set<String> defaults(ServerConfig config) {
    return config.sources().entrySet().stream()
        .filter(e -> e.getValue().defaultSource())
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static Future<JsonObject> ready(Pool pool) {
    return pool.query("SELECT 1").execute().map(rows -> new JsonObject().put("database", "ok"));
  }

  public int port() {
    return server.port();
  }

  public TileServer server() {
    return server;
  }

  public Future<Void> close() {
    LOGGER.info("stopping");
    return vertx.close();
  }
}
