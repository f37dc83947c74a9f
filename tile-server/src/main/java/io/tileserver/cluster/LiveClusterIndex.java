package io.tileserver.cluster;

import io.tileserver.filter.FilterSet;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster index that follows its table: an immutable main {@link ClusterIndex}, tombstones over
 * it and a small sorted delta, published together as a {@link ClusterSnapshot} through a volatile
 * field. Readers never lock: each query reads the snapshot current when it starts and the results
 * carry it ({@link ClusterCells#snapshot()}, {@link RowSelection#snapshot()}) for decoding rows.
 *
 * <p>Writers ({@link #apply}) are serialized on a lock readers never take. A batch finds each
 * touched id's current row (main through an {@link IdOrder}, the delta by a pass over it), drops
 * rows that come back unchanged, tombstones the superseded main rows, rebuilds the delta by merging
 * the surviving delta rows with the batch's sorted rows, and publishes the new snapshot; it costs
 * O(batch · log n + delta) plus a copy of the tombstones (~1.6 MB at 10M rows), never a sort of main.
 *
 * <p>When delta plus dead rows pass {@link LiveIndexOptions#mergeRows}, or after a quiet period
 * ({@link #mergeIfIdle}), a merge thread folds them into a new main ({@link IndexMerger}) while the
 * old snapshot keeps serving; batches applied meanwhile are logged and replayed onto the new main
 * before it is published, so no change is lost and readers never see it go back.
 */
public final class LiveClusterIndex implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(LiveClusterIndex.class);

  /** The writer's view: the published snapshot and the id order of its main. */
  private record State(ClusterSnapshot snapshot, IdOrder order) {}

  private final LiveIndexOptions options;
  private final CellAggregator aggregator;
  private final ClusterExpansion expansion;
  private final ExecutorService mergeThread;
  private final LiveIndexMetrics metrics;
  private final Object writeLock = new Object();
  private volatile ClusterSnapshot published;
  private State state;
  private CompletableFuture<Void> merging;
  private List<ChangeBatch> mergeLog;
  private long lastApplyNanos = System.nanoTime();
  private boolean closed;

  /**
   * Wraps a loaded index; building its id order sorts the ids (about a second for 10M), so call
   * this off the event loop.
   *
   * @param scanHelper runs the second half of large scans; null to scan on the calling thread only
   */
  public LiveClusterIndex(ClusterIndex initial, LiveIndexOptions options, Executor scanHelper) {
    this(initial, options, scanHelper, Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "cluster-index-merge-" + initial.columns().table());
      t.setDaemon(true);
      t.setPriority(Thread.NORM_PRIORITY - 1);
      return t;
    }));
  }

  /** With the executor merges run on (owned: shut down by {@link #close}). */
  LiveClusterIndex(ClusterIndex initial, LiveIndexOptions options, Executor scanHelper, ExecutorService mergeThread) {
    this.options = options;
    this.aggregator = new CellAggregator(options.cellPixels(), scanHelper, options.parallelThreshold());
    this.expansion = new ClusterExpansion(aggregator, options.clusterMaxZoom());
    this.state = new State(ClusterSnapshot.of(initial), IdOrder.of(initial));
    this.published = state.snapshot();
    this.metrics = new LiveIndexMetrics(() -> published);
    this.mergeThread = mergeThread;
  }

  /** The current snapshot: hold it across calls that must agree (a tile's cells and its rows). */
  public ClusterSnapshot snapshot() {
    return published;
  }

  /** Live points. */
  public int size() {
    return published.size();
  }

  public LiveIndexOptions options() {
    return options;
  }

  public CellAggregator aggregator() {
    return aggregator;
  }

  public ClusterExpansion expansion() {
    return expansion;
  }

  public LiveIndexMetrics metrics() {
    return metrics;
  }

  public ClusterFilter compile(FilterSet filters) {
    return published.compile(filters);
  }

  /** A tile's cells in the current snapshot; {@code out.snapshot()} decodes single rows. */
  public void aggregate(TileCoord tile, ClusterFilter filter, ClusterCells out) {
    aggregator.aggregate(published, tile, filter, out);
  }

  /** A tile's listings in the current snapshot; {@code out.listing(i)} decodes them. */
  public void points(TileCoord tile, ClusterFilter filter, int maxFeatures, RowSelection out) {
    TilePoints.select(published, tile, filter, maxFeatures, out);
  }

  public int expansionZoom(long clusterId, ClusterFilter filter) {
    return expansion.expansionZoom(published, clusterId, filter);
  }

  public Bounds expansionBounds(long clusterId, ClusterFilter filter) {
    return expansion.bounds(published, clusterId, filter);
  }

  public void leaves(long clusterId, ClusterFilter filter, int offset, int limit, RowSelection out) {
    expansion.leaves(published, clusterId, filter, offset, limit, out);
  }

  /** A builder for the next batch; build it on any thread, then {@link #apply} it. */
  public ChangeBatch.Builder newBatch(int expectedRows) {
    return new ChangeBatch.Builder(published.main, expectedRows);
  }

  /**
   * Applies one batch atomically and returns the tiles it changed (none when every row came back as
   * it was). Blocks other writers for O(batch · log n + delta); call it off the event loop.
   */
  public ChangedTiles apply(ChangeBatch batch) {
    ChangedTiles changed;
    synchronized (writeLock) {
      if (closed) {
        throw new IllegalStateException("the live cluster index is closed");
      }
      lastApplyNanos = System.nanoTime();
      BatchApplier.Result result = BatchApplier.apply(state.snapshot(), state.order(), batch,
          options.changedTilesMaxZoom());
      metrics.unchangedRows.add(result.unchangedRows());
      if (result.snapshot() == null) {
        return ChangedTiles.none(state.snapshot().version());
      }
      state = new State(result.snapshot(), state.order());
      published = result.snapshot();
      if (mergeLog != null) {
        mergeLog.add(batch);
      }
      changed = result.tiles();
      metrics.batches.increment();
      metrics.changedPoints.add(changed.changedPoints());
      metrics.lastLagMillis.set((System.nanoTime() - batch.receivedNanos()) / 1_000_000);
      if (merging == null && pendingRows(published) >= options.mergeRows()) {
        startMerge();
      }
    }
    return changed;
  }

  /** Starts a merge when there is anything to merge and nothing was applied for {@code idleNanos}. */
  public boolean mergeIfIdle(long idleNanos) {
    synchronized (writeLock) {
      if (closed || merging != null || pendingRows(published) == 0 || System.nanoTime() - lastApplyNanos < idleNanos) {
        return false;
      }
      startMerge();
      return true;
    }
  }

  /** Merges the delta into main now (or joins the merge under way); completes once it is published. */
  public CompletableFuture<Void> merge() {
    synchronized (writeLock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("the live cluster index is closed"));
      }
      return merging != null ? merging : startMerge();
    }
  }

  private static long pendingRows(ClusterSnapshot s) {
    return (long) s.deltaRows() + s.deadRows();
  }

  /** Under the write lock. */
  private CompletableFuture<Void> startMerge() {
    State from = state;
    CompletableFuture<Void> done = new CompletableFuture<>();
    merging = done;
    mergeLog = new ArrayList<>();
    long start = System.nanoTime();
    mergeThread.execute(() -> {
      try {
        install(IndexMerger.merge(from.snapshot(), from.order()), start);
        done.complete(null);
      } catch (RuntimeException | Error e) {
        LOGGER.error("cluster index {}: merge failed; the delta keeps serving", from.snapshot().columns().table(), e);
        synchronized (writeLock) {
          merging = null;
          mergeLog = null;
        }
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  private void install(IndexMerger.Merged merged, long start) {
    synchronized (writeLock) {
      ClusterSnapshot base = new ClusterSnapshot(merged.main(), Tombstones.NONE,
          ClusterIndexBuilder.empty(merged.main()), state.snapshot().version());
      ClusterSnapshot replayed = base;
      for (ChangeBatch batch : mergeLog) {
        BatchApplier.Result result = BatchApplier.apply(replayed, merged.order(), batch, 0);
        if (result.snapshot() != null) {
          replayed = result.snapshot();
        }
      }
      ClusterSnapshot next = new ClusterSnapshot(replayed.main, replayed.dead, replayed.delta,
          state.snapshot().version());
      long millis = (System.nanoTime() - start) / 1_000_000;
      LOGGER.info("cluster index {}: merged into {} main rows in {} ms ({} batches replayed)",
          next.columns().table(), next.main.size, millis, mergeLog.size());
      state = new State(next, merged.order());
      published = next;
      merging = null;
      mergeLog = null;
      metrics.merges.increment();
      metrics.mergeMillis.add(millis);
      metrics.lastMergeMillis.set(millis);
    }
  }

  /** Stops the merge thread; queries keep working on the last snapshot, applies are refused. */
  @Override
  public void close() {
    synchronized (writeLock) {
      closed = true;
    }
    mergeThread.shutdownNow();
  }
}
