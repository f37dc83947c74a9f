package io.tileserver.app;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.ShutdownConfig;
import io.tileserver.http.TileServer;
import io.tileserver.source.SourceRegistry;
import io.tileserver.cluster.ChangedTiles;
import io.tileserver.source.TileSource;
import io.tileserver.source.WorkerLanes;
import io.tileserver.tile.TileCoord;
import io.tileserver.source.archive.ArchiveSources;
import io.tileserver.source.file.FileSource;
import io.tileserver.source.file.FileSources;
import io.tileserver.source.changes.FollowPlan;
import io.tileserver.source.changes.TileChangeFollower;
import io.tileserver.source.cluster.ClusterSources;
import io.tileserver.source.postgis.PostgisPool;
import io.tileserver.source.postgis.PostgisSources;
import io.tileserver.source.postgis.ReadPools;
import io.tileserver.stats.AreaStats;
import io.tileserver.stats.StatsRefresher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled server: Vert.x with metrics, the database pools, the discovered sources, HTTP. The
 * database is optional: a server of files (GeoJSON, CSV, MBTiles, PMTiles, file-backed clusters)
 * starts without one, opens no pool and reports {@code database: none} on {@code /ready}.
 */
public final class ServerApp {
  private static final Logger LOGGER = LoggerFactory.getLogger(ServerApp.class);
  /** How often MBTiles and PMTiles files are checked for a replacement on disk. */
  private static final long ARCHIVE_CHECK_MS = 2000;

  private final Vertx vertx;
  private final TileServer server;
  private final ClusterSources clusters;
  private final ArchiveSources archives;
  /** Null without a database. */
  private final StatsRefresher refresher;
  private final ReadPools reads;
  private final WorkerLanes lanes;
  private final TileChangeFollower changes;

  private final ShutdownConfig shutdown;

  /** Listens to the JVM's GC notifications until closed. */
  private final JvmGcMetrics gc;

  private ServerApp(Vertx vertx, TileServer server, ClusterSources clusters, ArchiveSources archives,
      StatsRefresher refresher, ReadPools reads, WorkerLanes lanes, TileChangeFollower changes, ShutdownConfig shutdown,
      JvmGcMetrics gc) {
    this.archives = archives;
    this.refresher = refresher;
    this.changes = changes;
    this.reads = reads;
    this.shutdown = shutdown;
    this.gc = gc;
    this.vertx = vertx;
    this.server = server;
    this.clusters = clusters;
    this.lanes = lanes;
  }

  /**
   * Starts everything; {@code portOverride} (from the CLI) wins over {@code server.port}.
   *
   * @param database null to run without PostgreSQL ({@link DatabaseNeeds} says when that is allowed)
   */
  public static Future<ServerApp> start(ServerConfig config, DatabaseUrl database, Integer portOverride) {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Heap, GC pauses, threads and CPU beside the server's own meters (the dashboard's JVM row).
    new JvmMemoryMetrics().bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new UptimeMetrics().bindTo(prometheus);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(prometheus);
    Vertx vertx = Vertx.builder()
        // epoll on Linux (netty-transport-native-epoll is bundled); NIO elsewhere or with
        // -Dio.netty.transport.noNative=true.
        .with(new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            // Per-request HTTP/TCP meters cost the hot path a timer and labels per request, and the
            // tile meters already count every tile request; the pool meters stay.
            .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
            .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
            .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
            .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)))
        .withMetrics(new MicrometerMetricsFactory(prometheus))
        .build();
    logTransport(vertx);
    ReadPools reads = database == null ? null
        : ReadPools.create(vertx, "tile-server-postgis", database, config.database(), config.limits(), prometheus);
    Map<String, ReadPools> others = new LinkedHashMap<>();
    config.database().others().forEach((name, other) -> others.put(name, ReadPools.create(vertx,
        "tile-server-postgis " + name, other.parsedUrl(), other, config.limits(), prometheus)));
    WorkerLanes lanes = WorkerLanes.create(vertx, config.limits(), prometheus);
    int port = portOverride != null ? portOverride : config.server().port();
    // The listening connections (the cluster indexes' change feeds, the tile change feed) go to the primary.
    PgConnectOptions primary = database == null ? null : PostgisPool.connectOptions(database, config.database());
    ArchiveSources archives;
    List<FileSource> files;
    try {
      DatabaseNeeds.check(config, database != null);
      files = FileSources.open(config, lanes.cluster());
      archives = ArchiveSources.open(vertx, config, lanes.compression(), ARCHIVE_CHECK_MS);
    } catch (RuntimeException e) {
      gc.close();
      vertx.close();
      return Future.failedFuture(e);
    }
    ClusterSources clusters;
    try {
      clusters = ClusterSources.start(vertx, reads, primary, config, lanes.cluster(), prometheus);
    } catch (RuntimeException e) {
      archives.close();
      gc.close();
      vertx.close();
      return Future.failedFuture(e);
    }
    clusters.loaded().onFailure(e -> LOGGER.error("a cluster index failed to load; /ready stays false", e));
    int maxTiles = config.invalidation().maxTiles();
    Future<List<TileSource>> discovery = reads == null ? Future.succeededFuture(List.of())
        : PostgisSources.discover(reads, others, config);
    return discovery
        .map(discovered -> new SourceRegistry(
            inConfigOrder(config, discovered, clusters.sources(), archives.sources(), files), defaults(config)))
        .compose(registry -> (reads == null ? Future.succeededFuture(FollowPlan.none())
                : FollowPlan.resolve(reads.primary(), config, registry))
            .compose(plan -> TileServer.start(vertx, prometheus, config, registry, lanes, () -> ready(reads, clusters),
                reads == null ? null : new AreaStats(reads, config.database().statementTimeoutMs()), port)
                .compose(server -> TileChangeFollower.start(vertx, reads, primary, plan, server.invalidator(),
                    maxTiles, prometheus).map(changes -> {
                      clusters.onChange((source, tiles) -> invalidate(server, source, tiles, maxTiles));
                      Consumer<String> bump = source -> server.invalidator().bumpVersion(source)
                          .onFailure(e -> LOGGER.warn("moving the version of {} failed", source, e));
                      archives.onReload(bump);
                      StatsRefresher refresher = reads == null ? null
                          : StatsRefresher.start(vertx, reads.primary(), config.stats(), bump, prometheus);
                      return new ServerApp(vertx, server, clusters, archives, refresher, reads, lanes, changes,
                          config.shutdown(), gc);
                    }))))
        .onFailure(e -> {
          gc.close();
          vertx.close();
        });
  }

  private static void logTransport(Vertx vertx) {
    if (vertx.isNativeTransportEnabled()) {
      LOGGER.info("network transport: native (epoll)");
    } else {
      Throwable cause = vertx.unavailableNativeTransportCause();
      LOGGER.info("network transport: NIO ({})", cause == null ? "native transport off" : cause.getMessage());
    }
  }

  /**
   * A cluster's changed tiles leave every cache level; a batch past the invalidation limit moves the
   * source's version instead (without listing its tiles: a bulk re-scrape touches millions).
   */
  private static void invalidate(TileServer server, String source, ChangedTiles tiles, int maxTiles) {
    if (tiles.size() > maxTiles) {
      server.invalidator().bumpVersion(source)
          .onFailure(e -> LOGGER.warn("moving the version of {} failed", source, e));
      return;
    }
    List<TileCoord> coords = new ArrayList<>(tiles.size());
    tiles.forEach(coords::add);
    server.invalidator().invalidateTiles(source, coords)
        .onFailure(e -> LOGGER.warn("invalidating {} changed tiles of {} failed", coords.size(), source, e));
  }

  /** Configured sources in the file's order (it is the default composite's layer order), then the rest. */
  private static List<TileSource> inConfigOrder(ServerConfig config, List<TileSource> discovered,
      List<? extends TileSource> clusters, List<? extends TileSource> archives, List<? extends TileSource> files) {
    Map<String, TileSource> byId = new LinkedHashMap<>();
    // The packaged basemap gives way to any source of its id, discovered tables included.
    Stream.of(files, discovered, clusters, archives).flatMap(List::stream).forEach(s -> byId.put(s.id(), s));
    List<TileSource> ordered = new ArrayList<>();
    config.sources().keySet().forEach(id -> Optional.ofNullable(byId.remove(id)).ifPresent(ordered::add));
    ordered.addAll(byId.values());
    return ordered;
  }

  private static Set<String> defaults(ServerConfig config) {
    return config.sources().entrySet().stream()
        .filter(e -> e.getValue().defaultSource())
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /**
   * Ready when the primary answers, or while it does not a read replica is in, and the indexes are
   * in. Replicas are a detail: while one is out its reads go to the primary, which serves them, so
   * it is reported and does not make the answer 503.
   */
  private static Future<JsonObject> ready(ReadPools reads, ClusterSources clusters) {
    if (reads == null) {
      return indexesReady(clusters).map(details -> details.put("database", "none"));
    }
    return reads.primary().query("SELECT 1").execute().map("ok")
        // With a replica in, a primary outage stops changes, not tiles: stay in rotation, or the
        // edge and the orchestrator would take every instance out at once.
        .recover(e -> reads.anyReplicaUp()
            ? Future.succeededFuture("primary unreachable; tiles are read from the replicas, changes wait for it")
            : Future.failedFuture("database unreachable"))
        .compose(database -> indexesReady(clusters).map(details -> {
          details.put("database", database);
          return reads.hasReplicas() ? details.put("replicas", reads.status()) : details;
        }));
  }

  private static Future<JsonObject> indexesReady(ClusterSources clusters) {
    if (clusters.loaded().failed()) {
      return Future.failedFuture("a cluster index failed to load (see the server log)");
    }
    if (!clusters.loaded().isComplete()) {
      return Future.failedFuture("cluster index loading");
    }
    return Future.succeededFuture(new JsonObject().put("clusters", "loaded"));
  }

  /** Completes when every cluster index is in memory. */
  public Future<Void> clustersLoaded() {
    return clusters.loaded();
  }

  public int port() {
    return server.port();
  }

  public TileServer server() {
    return server;
  }

  /** A graceful stop (SIGTERM): drains the listeners ({@code shutdown} in the config), then closes. */
  public Future<Void> drainAndClose() {
    return server.drain(shutdown.drainMs(), shutdown.timeoutMs()).eventually(this::close);
  }

  public Future<Void> close() {
    LOGGER.info("stopping");
    gc.close();
    if (refresher != null) {
      refresher.close();
    }
    return changes.close().eventually(clusters::close).eventually(() -> {
      archives.close();
      return Future.succeededFuture();
    }).eventually(() -> reads == null ? Future.succeededFuture() : reads.close()).eventually(lanes::close).eventually(vertx::close);
  }
}
