package io.tileserver.source.cluster;

import io.tileserver.cluster.ClusterCells;
import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterExpansion;
import io.tileserver.cluster.ClusterFilter;
import io.tileserver.cluster.ClusterRow;
import io.tileserver.cluster.ClusterSnapshot;
import io.tileserver.cluster.FixedIndex;
import io.tileserver.cluster.ListingSearch;
import io.tileserver.cluster.ListingSort;
import io.tileserver.cluster.ListingStats;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.LoadedIndex;
import io.tileserver.cluster.MortonKey;
import io.tileserver.cluster.PriceEdges;
import io.tileserver.cluster.RowSelection;
import io.tileserver.cluster.ViewportBox;
import io.tileserver.tile.WebMercator;
import io.tileserver.filter.FilterSet;
import io.tileserver.mvt.LayerOptions;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.SourceUnavailableException;
import io.tileserver.source.TileSource;
import io.tileserver.source.WorkerLane;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point clusters from the live in-memory index, which follows the table through its change feed:
 * below {@code cluster-maxzoom} one feature per non-empty grid cell, from it on the listings
 * themselves. Tiles are built on the {@code cluster} worker lane (a filtered scan at low zoom reads
 * millions of packed rows), which no other kind of work shares, and answer 503 while the index is
 * still loading.
 */
public final class ClusterSource implements TileSource {
  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterSource.class);
  private static final ThreadLocal<ClusterCells> CELLS = ThreadLocal.withInitial(ClusterCells::new);
  private static final ThreadLocal<RowSelection> ROWS = ThreadLocal.withInitial(RowSelection::new);

  private final WorkerLane lane;
  private final ClusterSettings settings;
  private final ClusterTileEncoder encoder;
  private volatile SourceInfo info;
  private volatile LoadedIndex sync;

  ClusterSource(WorkerLane lane, SourceInfo info, ClusterSettings settings) {
    this.lane = lane;
    this.info = info;
    this.settings = settings;
    this.encoder = new ClusterTileEncoder(settings.layer(),
        new LayerOptions(settings.extent(), settings.buffer(), 0, true), settings.columns(), settings.cellSize());
  }

  /**
   * Takes a loaded, following index into service. Unless the config set bounds, TileJSON's bounds
   * and centre become the points' extent, so a map opens where the listings are.
   */
  void loaded(LoadedIndex started, boolean configuredBounds) {
    ClusterSnapshot snapshot = started.index().snapshot();
    if (!configuredBounds && snapshot.size() > 0) {
      info = info.withBounds(extent(snapshot));
    }
    sync = started;
    var load = started.load();
    LOGGER.info("cluster source {}: {} points ({} without geometry skipped) read in {} ms, indexed in {} ms, {} MB;"
        + " {}", info.id(), snapshot.size(), load.rowsWithoutGeometry(),
        load.readMillis(), load.buildMillis(), snapshot.memoryBytes() / (1024 * 1024),
        started instanceof FixedIndex ? "read from a file, not followed" : "following the table's changes");
  }

  public boolean isLoaded() {
    return sync != null;
  }

  @Override
  public SourceInfo info() {
    return info;
  }

  public ClusterColumns columns() {
    return settings.columns();
  }

  @Override
  public Future<byte[]> getTile(TileCoord coord, FilterSet filters, Deadline deadline) {
    LoadedIndex current = sync;
    if (current == null) {
      return Future.failedFuture(loading());
    }
    return lane.submit(deadline, () -> encode(current.index(), coord, filters));
  }

  @Override
  public boolean inMemory() {
    return true;
  }

  private byte[] encode(LiveClusterIndex live, TileCoord coord, FilterSet filters) {
    ClusterFilter filter = live.compile(filters);
    if (coord.z() < settings.clusterMaxzoom()) {
      ClusterCells cells = CELLS.get();
      live.aggregate(coord, filter, cells);
      return encoder.clusters(cells);
    }
    RowSelection rows = ROWS.get();
    live.points(coord, filter, settings.maxFeatures(), rows);
    return encoder.listings(coord, rows);
  }

  /** Where a cluster of a tile splits: its tile's zoom, the zoom its filtered members part at, and their bbox. */
  public record Expansion(int zoom, int expansionZoom, Bounds bbox) {}

  /** One listing of a cluster: its position and every kept attribute. */
  public record Leaf(double lon, double lat, Map<String, Object> attributes) {}

  /** A page of a cluster's listings; {@code more} when the page was cut at its limit. */
  public record Leaves(List<Leaf> leaves, boolean more) {}

  /** True when {@code clusterId} names a cluster this source's tiles can carry. Fails while loading. */
  public boolean isCluster(long clusterId) {
    return live().expansion().isKnown(clusterId);
  }

  /**
   * The expansion of a cluster under {@code filters}, from one snapshot of the index; empty when none
   * of its listings passes them. Blocking (reads the index): call it off the event loop.
   */
  public Optional<Expansion> expansion(long clusterId, FilterSet filters) {
    LiveClusterIndex live = live();
    ClusterSnapshot snapshot = live.snapshot();
    ClusterFilter filter = snapshot.compile(filters);
    ClusterExpansion expansion = live.expansion();
    int zoom = expansion.expansionZoom(snapshot, clusterId, filter);
    if (zoom < 0) {
      return Optional.empty();
    }
    return Optional.of(new Expansion(expansion.tileZoom(clusterId), zoom, expansion.bounds(snapshot, clusterId, filter)));
  }

  /** A page of a cluster's listings under {@code filters}. Blocking: call it off the event loop. */
  public Leaves leaves(long clusterId, FilterSet filters, int offset, int limit) {
    LiveClusterIndex live = live();
    ClusterSnapshot snapshot = live.snapshot();
    RowSelection rows = new RowSelection();
    live.expansion().leaves(snapshot, clusterId, snapshot.compile(filters), offset, limit, rows);
    List<Leaf> leaves = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      ClusterRow row = rows.listing(i);
      leaves.add(new Leaf(row.lon(), row.lat(), row.attributes(settings.columns())));
    }
    return new Leaves(leaves, rows.truncated());
  }

  /**
   * A page of the listings in {@code box} passing {@code filters}, in {@code sort} order after
   * {@code after} (null for the first page), read from one snapshot on the cluster lane.
   */
  public Future<ListingSearch.Page> search(ViewportBox box, FilterSet filters, ListingSort sort,
      ListingSearch.After after, int limit, Deadline deadline) {
    return scan(deadline, snapshot -> ListingSearch.search(snapshot, box, snapshot.compile(filters), sort, after, limit,
        deadline::passed));
  }

  /** Market statistics of the listings in {@code box} passing {@code filters}, on the cluster lane. */
  public Future<ListingStats.Stats> stats(ViewportBox box, FilterSet filters, Deadline deadline) {
    return scan(deadline, snapshot -> ListingStats.compute(snapshot, box, snapshot.compile(filters), deadline::passed,
        live().aggregator().split()));
  }

  /**
   * A grid cell's listings as the map draws them at a zoom: where (count-weighted centre), how many,
   * their prices, and how many of each kind.
   *
   * @param types count by the value of the kind filter that answered it (e.g. property type)
   */
  public record Cell(double lon, double lat, long count, Long priceMin, Long priceMax, Double priceAvg,
      Map<String, Long> types) {}

  /**
   * The cells of {@code tiles} (below {@code cluster-maxzoom}) whose centre lies in {@code bounds},
   * under {@code filters}; each cell's counts by kind come from aggregating once more under each
   * filter set of {@code byKind}. On the cluster lane; the aggregations read the index as it is at
   * each, so a change merged meanwhile may show in one and not another.
   */
  public Future<List<Cell>> cells(List<TileCoord> tiles, Bounds bounds, FilterSet filters,
      Map<String, FilterSet> byKind, Deadline deadline) {
    return lane.submit(deadline, () -> {
      LiveClusterIndex live = live();
      ClusterCells cells = CELLS.get();
      Map<Long, Cell> found = new LinkedHashMap<>();
      ClusterFilter filter = live.compile(filters);
      for (TileCoord tile : tiles) {
        live.aggregate(tile, filter, cells);
        for (int i = 0; i < cells.size(); i++) {
          if (bounds.contains(cells.lon(i), cells.lat(i))) {
            found.put(cells.cell(i), new Cell(cells.lon(i), cells.lat(i), cells.count(i),
                cells.hasPrice(i) ? cells.priceMin(i) : null, cells.hasPrice(i) ? cells.priceMax(i) : null,
                cells.hasPrice(i) ? cells.priceAvg(i) : null, new LinkedHashMap<>()));
          }
        }
        for (Map.Entry<String, FilterSet> kind : byKind.entrySet()) {
          live.aggregate(tile, live.compile(kind.getValue()), cells);
          for (int i = 0; i < cells.size(); i++) {
            Cell cell = found.get(cells.cell(i));
            if (cell != null) {
              cell.types().put(kind.getKey(), cells.count(i));
            }
          }
        }
      }
      return new ArrayList<>(found.values());
    });
  }

  /** The zoom from which tiles show listings one by one instead of cells. */
  public int clusterMaxzoom() {
    return settings.clusterMaxzoom();
  }

  /** The version of the index's current snapshot: grows with every change applied to it. Fails while loading. */
  public long indexVersion() {
    return live().snapshot().version();
  }

  /** The price histogram's bucket edges, fixed when the index loaded. Fails while loading. */
  public PriceEdges priceEdges() {
    return live().snapshot().priceEdges();
  }

  private interface SnapshotScan<T> {
    T run(ClusterSnapshot snapshot);
  }

  private <T> Future<T> scan(Deadline deadline, SnapshotScan<T> work) {
    LoadedIndex current = sync;
    if (current == null) {
      return Future.failedFuture(loading());
    }
    Callable<T> task = () -> {
      try {
        return work.run(current.index().snapshot());
      } catch (CancellationException e) {
        throw deadline.exceeded("viewport scan of " + info.id());
      }
    };
    return lane.submit(deadline, task);
  }

  private LiveClusterIndex live() {
    LoadedIndex current = sync;
    if (current == null) {
      throw loading();
    }
    return current.index();
  }

  /** Stops following the table. */
  public Future<Void> close() {
    LoadedIndex current = sync;
    return current == null ? Future.succeededFuture() : current.close();
  }

  /**
   * The extremes of the quantized X and Y, converted once: longitude grows with X and latitude
   * falls with Y, so no row needs trigonometry (at 10M points this is tens of ms, not a second).
   */
  private static Bounds extent(ClusterSnapshot snapshot) {
    int minX = Integer.MAX_VALUE;
    int maxX = -1;
    int minY = Integer.MAX_VALUE;
    int maxY = -1;
    // Rows are addressed main first, then delta; dead main rows keep their numbers.
    for (int row = 0; row < snapshot.size() + snapshot.deadRows(); row++) {
      if (!snapshot.isLive(row)) {
        continue;
      }
      long key = snapshot.key(row);
      minX = Math.min(minX, MortonKey.x(key));
      maxX = Math.max(maxX, MortonKey.x(key));
      minY = Math.min(minY, MortonKey.y(key));
      maxY = Math.max(maxY, MortonKey.y(key));
    }
    return maxX < 0 ? Bounds.WORLD : new Bounds(WebMercator.lon(MortonKey.fraction(minX)),
        WebMercator.lat(MortonKey.fraction(maxY)), WebMercator.lon(MortonKey.fraction(maxX)),
        WebMercator.lat(MortonKey.fraction(minY)));
  }

  private SourceUnavailableException loading() {
    return new SourceUnavailableException("the cluster index of " + info.id() + " is still loading", 5,
        "tile requested from " + info.id() + " before its index finished loading", null);
  }
}
