package io.tileserver.cluster;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters and gauges of a {@link LiveClusterIndex}, read without locks, for a source to register
 * with Micrometer (function counters and gauges over these getters).
 */
public final class LiveIndexMetrics {
  final LongAdder batches = new LongAdder();
  final LongAdder changedPoints = new LongAdder();
  final LongAdder unchangedRows = new LongAdder();
  final LongAdder merges = new LongAdder();
  final LongAdder mergeMillis = new LongAdder();
  final AtomicLong lastMergeMillis = new AtomicLong();
  final AtomicLong lastLagMillis = new AtomicLong();
  private final Supplier<ClusterSnapshot> snapshot;

  LiveIndexMetrics(Supplier<ClusterSnapshot> snapshot) {
    this.snapshot = snapshot;
  }

  /** Batches that changed at least one point. */
  public long batchesApplied() {
    return batches.sum();
  }

  /** Points inserted, altered, moved or removed. */
  public long changesApplied() {
    return changedPoints.sum();
  }

  /** Rows a batch carried that the index already held as they were (re-scraped, unchanged). */
  public long unchangedRows() {
    return unchangedRows.sum();
  }

  public long mergesCompleted() {
    return merges.sum();
  }

  /** Total time spent merging deltas into main, on the merge thread. */
  public long mergeMillisTotal() {
    return mergeMillis.sum();
  }

  public long lastMergeMillis() {
    return lastMergeMillis.get();
  }

  /** Time from hearing of the last applied batch's oldest change until readers saw it. */
  public long lagMillis() {
    return lastLagMillis.get();
  }

  public long deltaRows() {
    return snapshot.get().deltaRows();
  }

  public long deadRows() {
    return snapshot.get().deadRows();
  }

  public long points() {
    return snapshot.get().size();
  }

  public long version() {
    return snapshot.get().version();
  }

  /** Heap bytes of the columns, delta, tombstones and the id order (4 bytes a main row). */
  public long memoryBytes() {
    ClusterSnapshot s = snapshot.get();
    return s.memoryBytes() + 4L * s.main.size();
  }
}
