package io.tileserver.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tileserver.cache.CdnPurgeHook;
import io.tileserver.cache.RedisTileCache;
import io.tileserver.cache.SharedTileCache;
import io.tileserver.cache.TileCache;
import io.tileserver.cache.TileInvalidator;
import io.tileserver.config.ServerConfig;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.serving.TileService;
import io.tileserver.ratelimit.RateLimits;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.TileSource;
import io.tileserver.source.WorkerLanes;
import io.tileserver.stats.AreaStats;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP listener over a set of sources: routes → handlers → tile service → cache → sources. */
public final class TileServer {
  private static final Logger LOGGER = LoggerFactory.getLogger(TileServer.class);
  static final int MAX_REQUEST_LINE = 16 * 1024;
  /** One listener per core: Vert.x spreads connections over them. */
  static final int LISTENERS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final String deployment;
  private final int port;
  private final TileCache cache;
  private final SharedTileCache l2;
  private final TileInvalidator invalidator;
  private final AtomicBoolean draining;
  private final List<HttpVerticle> listeners;

  private TileServer(Vertx vertx, String deployment, int port, TileCache cache, SharedTileCache l2,
      TileInvalidator invalidator, AtomicBoolean draining, List<HttpVerticle> listeners) {
    this.draining = draining;
    this.listeners = List.copyOf(listeners);
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
    this.cache = cache;
    this.l2 = l2;
    this.invalidator = invalidator;
  }

  /**
   * Starts one listener per event loop on {@code port} (0 picks a free one, shared by all of them).
   *
   * @param lanes the workers tiles are built and compressed on
   * @param readiness completes when the server can serve tiles (database reachable), fails otherwise
   * @param stats the area statistics behind {@code /api/stats/…}; null without a database
   */
  public static Future<TileServer> start(Vertx vertx, PrometheusMeterRegistry prometheus, ServerConfig config,
      SourceRegistry sources, WorkerLanes lanes, Supplier<Future<JsonObject>> readiness, AreaStats stats, int port) {
    TileMetrics metrics = new TileMetrics(prometheus);
    RedisTileCache redis = config.redis() == null ? null : RedisTileCache.create(vertx, config.redis(), prometheus);
    SharedTileCache l2 = redis == null ? SharedTileCache.DISABLED : redis;
    TileCache cache = new TileCache(config.cache(), l2, prometheus);
    TileInvalidator invalidator = TileInvalidator.create(vertx, cache, l2, config.invalidation(),
        CdnPurgeHook.of(config.admin().purgeHook()), sources.all().stream().map(TileSource::id).toList());
    TileService service = new TileService(vertx, cache, invalidator.versions(), metrics, config, lanes);
    AtomicBoolean draining = new AtomicBoolean();
    // A degraded L2 is a detail, not unreadiness: tiles are still served from L1 and the sources.
    OpsHandler ops = new OpsHandler(() -> draining.get() ? Future.failedFuture("draining: the server is shutting down")
        : readiness.get().map(details -> details
        .put("l2_cache", cache.l2Status().label())
        .put("versions", invalidator.shared() ? "shared" : "local")
        .put("brotli", service.brotliAvailable())), prometheus);
    TrustedProxies proxies = new TrustedProxies(config.server().trustedProxyRanges());
    PublicUrl publicUrl = new PublicUrl(config.server().publicUrl(), config.server().basePath(), proxies);
    MetadataHandler metadata = new MetadataHandler(sources, config, invalidator.versions(), publicUrl);
    ClientLimits clients = new ClientLimits(
        new RateLimits(config.rateLimit(), config.rateLimit().shared() ? redis::token : null, prometheus), proxies);
    TileHandler tiles = new TileHandler(sources, service, metrics, config, clients);
    AdminHandler admin = new AdminHandler(config.admin(), config.invalidation(), sources, invalidator, cache, clients);
    ClusterHandler clusters = new ClusterHandler(sources, clients);
    PlanViewportHandler viewport = new PlanViewportHandler(sources, clients, config.limits().requestDeadlineMs());
    StatsHandler statsHandler = new StatsHandler(stats, clients, config.limits().requestDeadlineMs());
    SearchHandler search = new SearchHandler(sources, clients, invalidator.versions(), config);
    // Long enough request lines that an oversized filter value reaches validation and gets a JSON 400.
    // No WebSocket routes, so no WebSocket compression handler in every connection's pipeline.
    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(false).setHost(config.server().host())
        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
        .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_REQUEST_LINE)
        // HTTP/1.1 only: with cleartext HTTP/2 on, Vert.x holds each new connection until its first
        // bytes show which protocol it speaks, and only then reports it; a client that connects and
        // sends nothing would never be seen by the ConnectionGuard. HTTP/2 belongs at the TLS edge.
        .setHttp2ClearTextEnabled(false)
        // Between requests the ConnectionGuard closes idle connections gracefully; Netty's timer, a
        // second later, catches connections stalled mid-response (a client that stopped reading).
        .setIdleTimeout(config.limits().idleTimeoutSeconds() + 1);
    Cors cors = new Cors(config.server().corsOrigins());
    ConnectionGuard.Shared connections = new ConnectionGuard.Shared(config.limits(), prometheus);
    // Vert.x shares one random port among servers that ask for the same negative port.
    int listen = port == 0 ? -1 : port;
    List<HttpVerticle> listeners = new ArrayList<>();
    // Versions from Redis first (when it answers), so the first TileJSON names the shared ones.
    // Fonts and styles are files: read them off the event loop.
    return invalidator.ready().otherwiseEmpty()
        .compose(v -> vertx.executeBlocking(() -> MapResources.load(config, prometheus))).compose(resources -> {
      MapResources.Handlers map = resources.handlers(sources, config, publicUrl);
      Consumer<Router> routes = router ->
          TileRoutes.mount(router, ops, metadata, tiles, clusters, search, statsHandler, viewport, map, admin,
              config.server().martinRoutes());
      return vertx.deployVerticle(() -> {
        HttpVerticle listener =
            new HttpVerticle(options, listen, routes, tiles::serveDirect, cors, config.limits(), connections);
        synchronized (listeners) {
          listeners.add(listener);
        }
        return listener;
      }, new DeploymentOptions().setInstances(LISTENERS));
    })
        .map(id -> {
          int actual = listeners.get(0).actualPort();
          LOGGER.info("listening on http://localhost:{}/ with {} source(s) on {} event loops", actual,
              sources.all().size(), LISTENERS);
          return new TileServer(vertx, id, actual, cache, l2, invalidator, draining, listeners);
        });
  }

  public int port() {
    return port;
  }

  public TileCache cache() {
    return cache;
  }

  /** Where data changes are reported: {@link TileInvalidator#invalidateTiles} and {@link TileInvalidator#bumpVersion}. */
  public TileInvalidator invalidator() {
    return invalidator;
  }

  /**
   * The first half of a graceful stop: {@code /ready} answers 503 from now on, the listeners keep
   * serving for {@code drainMs} so load balancers stop sending requests, then stop accepting
   * connections and let the requests in flight finish for up to {@code timeoutMs}.
   */
  public Future<Void> drain(long drainMs, long timeoutMs) {
    draining.set(true);
    LOGGER.info("draining: /ready answers 503; closing the listeners in {} ms, waiting up to {} ms for requests in flight",
        drainMs, timeoutMs);
    Promise<Void> delay = Promise.promise();
    vertx.setTimer(Math.max(1, drainMs), t -> delay.complete());
    return delay.future()
        .compose(v -> Future.join(listeners.stream().map(listener -> listener.shutdown(timeoutMs)).toList()))
        .mapEmpty();
  }

  public Future<Void> close() {
    invalidator.close();
    return vertx.undeploy(deployment).compose(v -> l2.close());
  }
}
