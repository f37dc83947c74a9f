package io.tileserver.source.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.cluster.ClusterAttribute;
import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterFilterCompiler;
import io.tileserver.cluster.ClusterLoad;
import io.tileserver.cluster.FixedIndex;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.ChangedTiles;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.cluster.ScanHelperPool;
import io.tileserver.cluster.sync.ClusterSync;
import io.tileserver.cluster.sync.SyncOptions;
import io.tileserver.config.ClusterSyncConfig;
import io.tileserver.config.ConfigException;
import io.tileserver.config.FileKinds;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.metrics.ClusterIndexMeters;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.WorkerLane;
import io.tileserver.source.postgis.ReadPools;
import io.tileserver.tile.Bounds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;

/**
 * Creates the {@code kind: cluster} sources of the config. They are published at once and load
 * their indexes in the background ({@link #loaded()} completes when every index is in), so the
 * server listens, answers {@code /health}, and reports not ready until the points are in memory.
 * Each index then follows its table's change feed and reports the tiles every change touched to
 * the listener set with {@link #onChange}. A cluster source with a {@code file} reads its listings
 * from that CSV or GeoJSON file instead ({@link ListingFile}), at start, and follows nothing. Large scans of every source share one
 * {@link ScanHelperPool}, so a z0 tile over millions of points uses both cores.
 */
public final class ClusterSources {
  /** Default zoom range: clusters up to cluster-maxzoom, listings a few zooms beyond. */
  static final int DEFAULT_MAXZOOM = 18;
  /** Listings per tile at or above cluster-maxzoom when the config sets no max-features. */
  static final int DEFAULT_MAX_FEATURES = 50_000;

  private final ExecutorService scanHelper = ScanHelperPool.create();
  private final List<ClusterSource> sources = new ArrayList<>();
  private final List<Future<?>> loads = new ArrayList<>();
  private volatile BiConsumer<String, ChangedTiles> onChange = (source, tiles) -> { };

  private ClusterSources() {}

  /**
   * @param reads where the indexes load from (replicas when configured) and the change feed reads (the
   *     primary); null when no source reads a table
   * @param connect how the change listener connects to the primary (it holds a connection of its own)
   * @param lane where tiles are built
   */
  public static ClusterSources start(Vertx vertx, ReadPools reads, PgConnectOptions connect, ServerConfig config,
      WorkerLane lane, MeterRegistry registry) {
    ClusterSources clusters = new ClusterSources();
    config.sources().forEach((id, source) -> {
      if (source.kind().equals("cluster")) {
        ClusterSource cluster = create(lane, id, source);
        clusters.sources.add(cluster);
        clusters.loads.add(source.file() != null ? fromFile(vertx, cluster, id, source, clusters.scanHelper, registry)
            : fromTable(vertx, reads, connect, cluster, id, source, clusters, registry));
      }
    });
    return clusters;
  }

  private static Future<?> fromTable(Vertx vertx, ReadPools reads, PgConnectOptions connect, ClusterSource cluster,
      String id, SourceConfig source, ClusterSources clusters, MeterRegistry registry) {
    // loaded() follows the source's taking the index into service, not the index's arrival, so
    // /ready never says yes while tiles would still answer "loading". Taking it in reads every
    // point for TileJSON's bounds: a worker's job, not an event loop's.
    return ClusterSync.start(vertx, reads, connect, cluster.columns(), indexOptions(source), syncOptions(source),
            clusters.scanHelper, tiles -> clusters.onChange.accept(id, tiles))
        .compose(sync -> vertx.executeBlocking(() -> {
          cluster.loaded(sync, source.bounds() != null);
          ClusterIndexMeters.register(registry, id, sync.index().metrics(), sync.metrics());
          return sync;
        }));
  }

  /**
   * Reads the file now, on the starting thread, so a bad file stops the start naming it (as an
   * archive that cannot be opened does); the index is then in service before the server listens.
   */
  private static Future<?> fromFile(Vertx vertx, ClusterSource cluster, String id, SourceConfig source,
      ExecutorService scanHelper, MeterRegistry registry) {
    ClusterLoad load = ListingFile.load("sources." + id + ".file", FileKinds.ofFile(source.file()),
        Path.of(source.file()), cluster.columns());
    FixedIndex index = new FixedIndex(new LiveClusterIndex(load.index(), indexOptions(source), scanHelper), load);
    cluster.loaded(index, source.bounds() != null);
    ClusterIndexMeters.register(registry, id, index.index().metrics());
    return Future.succeededFuture(index);
  }

  /** Where the tiles each data change touched go (the cache's invalidation); set once the server runs. */
  public void onChange(BiConsumer<String, ChangedTiles> listener) {
    this.onChange = listener;
  }

  /** The source's cell size, cluster max zoom and sync block; changed tiles are reported down to its max zoom. */
  static LiveIndexOptions indexOptions(SourceConfig config) {
    int maxzoom = config.maxzoom() == null ? DEFAULT_MAXZOOM : config.maxzoom();
    return new LiveIndexOptions(config.cellSize(), config.sync().parallelThreshold(), config.clusterMaxzoom(),
        Math.min(maxzoom, ChangedTiles.MAX_ZOOM), config.sync().mergeRows());
  }

  /** The source's sync block over {@link SyncOptions#defaults()}. */
  static SyncOptions syncOptions(SourceConfig config) {
    ClusterSyncConfig sync = config.sync();
    SyncOptions defaults = SyncOptions.defaults();
    return new SyncOptions(sync.channel(), defaults.updatedAtColumn(), sync.idBatch(), sync.pollPageRows(),
        Duration.ofSeconds(sync.pollIntervalSeconds()), Duration.ofSeconds(sync.lookbackSeconds()),
        Duration.ofSeconds(sync.mergeIdleSeconds()), defaults.deletionRetention(), defaults.reconnectDelay(),
        defaults.listenerName());
  }

  static ClusterSource create(WorkerLane lane, String id, SourceConfig config) {
    String key = "sources." + id;
    ClusterColumns defaults = ClusterColumns.properties();
    // A file's listings keep the table's attribute names, so the same filters and styles apply.
    String table = config.file() != null ? config.file() : config.table() == null ? defaults.table()
        : config.schema() == null ? config.table() : config.schema() + "." + config.table();
    ClusterColumns columns = new ClusterColumns(table, defaults.id(), defaults.geometry(), defaults.price(),
        defaults.bedrooms(), defaults.bathrooms(), defaults.sqft(), defaults.propertyType(), defaults.status());
    try {
      ClusterFilterCompiler.check(config.filters(), columns);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ".filters: " + e.getMessage());
    }
    int minzoom = config.minzoom() == null ? 0 : config.minzoom();
    int maxzoom = config.maxzoom() == null ? DEFAULT_MAXZOOM : config.maxzoom();
    String layer = config.layer() == null ? id : config.layer();
    SourceInfo info = new SourceInfo(id, "cluster",
        config.description() == null ? "Point clusters of " + table : config.description(),
        minzoom, maxzoom, config.bounds() == null ? Bounds.WORLD : Bounds.of(config.bounds()),
        List.of(new SourceInfo.VectorLayer(layer, "clusters below zoom " + config.clusterMaxzoom()
            + ", listings from it on", fields(columns), minzoom, maxzoom)),
        config.filters(), false, null);
    ClusterSettings settings = new ClusterSettings(columns, layer, config.extent(), config.buffer(),
        config.clusterMaxzoom(), config.cellSize(),
        config.maxFeatures() == null ? DEFAULT_MAX_FEATURES : config.maxFeatures());
    return new ClusterSource(lane, info, settings);
  }

  private static Map<String, String> fields(ClusterColumns columns) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("cluster", "Boolean");
    fields.put("cluster_id", "Number");
    fields.put("point_count", "Number");
    fields.put("point_count_abbreviated", "String");
    fields.put("price_min", "Number");
    fields.put("price_avg", "Number");
    fields.put("price_max", "Number");
    fields.put(columns.id(), "Number");
    columns.kept().forEach((attribute, column) -> fields.put(column,
        attribute.kind() == ClusterAttribute.Kind.NUMBER ? "Number" : "String"));
    return fields;
  }

  public List<ClusterSource> sources() {
    return List.copyOf(sources);
  }

  /** Completes when every cluster index is loaded; fails when one cannot load. */
  public Future<Void> loaded() {
    return Future.all(loads).mapEmpty();
  }

  /** Stops following the tables. */
  public Future<Void> close() {
    return Future.all(sources.stream().map(ClusterSource::close).toList())
        .onComplete(done -> scanHelper.shutdown())
        .mapEmpty();
  }
}
