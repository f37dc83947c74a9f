package io.tileserver.cluster.sync;

import io.tileserver.cluster.LiveIndexMetrics;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of a {@link ClusterSync} beside its index's {@link LiveIndexMetrics}, read without locks,
 * for a source to register with Micrometer.
 */
public final class SyncMetrics {
  final LongAdder notifications = new LongAdder();
  final LongAdder overflows = new LongAdder();
  final LongAdder polls = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final LongAdder rowsRead = new LongAdder();
  final LongAdder rowsWithoutGeometry = new LongAdder();
  final LongAdder failures = new LongAdder();
  private final LongSupplier pending;
  private volatile LiveIndexMetrics index;

  SyncMetrics(LongSupplier pending) {
    this.pending = pending;
  }

  void attach(LiveIndexMetrics metrics) {
    index = metrics;
  }

  /** The index's counters (changes applied, batches, merges and merge time, delta size, lag); null until loaded. */
  public LiveIndexMetrics index() {
    return index;
  }

  /** Change-feed notifications received. */
  public long notifications() {
    return notifications.sum();
  }

  /** Overflow notices: statements that changed too many rows to list, answered by a poll. */
  public long overflows() {
    return overflows.sum();
  }

  /** Watermark polls run (periodic, after overflow, after reconnect). */
  public long polls() {
    return polls.sum();
  }

  /** Times the listening connection was re-established. */
  public long reconnects() {
    return reconnects.sum();
  }

  /** Rows re-read from the table (by id or by watermark). */
  public long rowsRead() {
    return rowsRead.sum();
  }

  /** Rows read without geometry: skipped (and removed from the index when it held them). */
  public long rowsWithoutGeometry() {
    return rowsWithoutGeometry.sum();
  }

  /** Reads or applies that failed and were retried. */
  public long failures() {
    return failures.sum();
  }

  /** Ids heard of and not yet applied. */
  public long pendingIds() {
    return pending.getAsLong();
  }
}
