package io.tileserver.source.cluster;

import io.tileserver.cluster.CellAggregator;
import io.tileserver.cluster.ClusterCells;
import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterExpansion;
import io.tileserver.cluster.ClusterFilter;
import io.tileserver.cluster.ClusterIndex;
import io.tileserver.cluster.ClusterLoad;
import io.tileserver.cluster.RowSelection;
import io.tileserver.cluster.TilePoints;
import io.tileserver.filter.FilterSet;
import io.tileserver.mvt.LayerOptions;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.SourceUnavailableException;
import io.tileserver.source.TileSource;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point clusters from the in-memory index: below {@code cluster-maxzoom} one feature per non-empty
 * grid cell, from it on the listings themselves. Tiles are built on worker threads (a filtered scan
 * at low zoom reads millions of packed rows) and answer 503 while the index is still loading.
 */
public final class ClusterSource implements TileSource {
  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterSource.class);
  private static final ThreadLocal<ClusterCells> CELLS = ThreadLocal.withInitial(ClusterCells::new);
  private static final ThreadLocal<RowSelection> ROWS = ThreadLocal.withInitial(RowSelection::new);

  private final Vertx vertx;
  private volatile SourceInfo info;
  private final ClusterSettings settings;
  private final ClusterTileEncoder encoder;
  private volatile Engine engine;

  /** The loaded index and what reads it. */
  public record Engine(ClusterIndex index, CellAggregator aggregator, ClusterExpansion expansion) {}

  ClusterSource(Vertx vertx, SourceInfo info, ClusterSettings settings) {
    this.vertx = vertx;
    this.info = info;
    this.settings = settings;
    this.encoder = new ClusterTileEncoder(settings.layer(),
        new LayerOptions(settings.extent(), settings.buffer(), 0, true), settings.columns());
  }

  /**
   * Takes a loaded index into service. Unless the config set bounds, TileJSON's bounds and centre
   * become the points' extent, so a map opens where the listings are.
   */
  void loaded(ClusterLoad load, boolean configuredBounds) {
    ClusterIndex index = load.index();
    if (!configuredBounds && index.size() > 0) {
      info = info.withBounds(extent(index));
    }
    CellAggregator aggregator = new CellAggregator(index, settings.cellSize(), null, 0);
    engine = new Engine(index, aggregator, new ClusterExpansion(aggregator, settings.clusterMaxzoom()));
    LOGGER.info("cluster source {}: {} points ({} without geometry skipped) read in {} ms, indexed in {} ms, {} MB",
        info.id(), index.size(), load.rowsWithoutGeometry(), load.readMillis(), load.buildMillis(),
        index.memoryBytes() / (1024 * 1024));
  }

  public boolean isLoaded() {
    return engine != null;
  }

  @Override
  public SourceInfo info() {
    return info;
  }

  public ClusterColumns columns() {
    return settings.columns();
  }

  @Override
  public Future<byte[]> getTile(TileCoord coord, FilterSet filters) {
    Engine current = engine;
    if (current == null) {
      return Future.failedFuture(loading());
    }
    return vertx.executeBlocking(() -> encode(current, coord, filters), false);
  }

  private byte[] encode(Engine current, TileCoord coord, FilterSet filters) {
    ClusterFilter filter = ClusterFilter.compile(filters, current.index());
    if (coord.z() < settings.clusterMaxzoom()) {
      ClusterCells cells = CELLS.get();
      current.aggregator().aggregate(coord, filter, cells);
      return encoder.clusters(current.index(), cells);
    }
    RowSelection rows = ROWS.get();
    TilePoints.select(current.index(), coord, filter, settings.maxFeatures(), rows);
    return encoder.listings(current.index(), coord, rows);
  }

  /** The loaded engine, for the cluster expansion endpoints; fails while loading. */
  public Engine engine() {
    Engine current = engine;
    if (current == null) {
      throw loading();
    }
    return current;
  }

  private static Bounds extent(ClusterIndex index) {
    double west = 180;
    double south = 90;
    double east = -180;
    double north = -90;
    for (int row = 0; row < index.size(); row++) {
      double lon = index.lon(row);
      double lat = index.lat(row);
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
    return new Bounds(west, south, east, north);
  }

  private SourceUnavailableException loading() {
    return new SourceUnavailableException("the cluster index of " + info.id() + " is still loading", 5,
        "tile requested from " + info.id() + " before its index finished loading", null);
  }
}
