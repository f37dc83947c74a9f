package io.tileserver.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.cluster.LiveIndexMetrics;
import io.tileserver.cluster.sync.SyncMetrics;
import java.util.function.ToDoubleFunction;

/**
 * A cluster source's index and change feed as Prometheus meters, read from the lock-free counters
 * the index and its sync keep: how big the index is, how far it is behind its table, and whether
 * the feed is healthy (the dashboard's and alerts' "index follows its table").
 */
public final class ClusterIndexMeters {
  private ClusterIndexMeters() {}

  public static void register(MeterRegistry registry, String source, LiveIndexMetrics index, SyncMetrics sync) {
    register(registry, source, index);
    gauge(registry, "cluster_sync_pending_ids", "Changed ids heard of and not yet applied", source, sync,
        SyncMetrics::pendingIds);
    counter(registry, "cluster_sync_notifications", "Change-feed notifications received", source, sync,
        SyncMetrics::notifications);
    counter(registry, "cluster_sync_reconnects", "Times the listening connection was re-established", source, sync,
        SyncMetrics::reconnects);
    counter(registry, "cluster_sync_failures", "Reads or applies that failed and were retried", source, sync,
        SyncMetrics::failures);
  }

  /** The index's meters alone: an index read from a file has no change feed. */
  public static void register(MeterRegistry registry, String source, LiveIndexMetrics index) {
    gauge(registry, "cluster_index_points", "Points the index serves", source, index, LiveIndexMetrics::points);
    gauge(registry, "cluster_index_bytes", "Heap bytes of the index (columns, delta, tombstones, id order)", source,
        index, LiveIndexMetrics::memoryBytes);
    gauge(registry, "cluster_index_delta_rows", "Changed rows not yet merged into the sorted main arrays", source,
        index, LiveIndexMetrics::deltaRows);
    gauge(registry, "cluster_index_lag_seconds",
        "From hearing of the last applied batch's oldest change until readers saw it", source, index,
        m -> m.lagMillis() / 1000.0);
    counter(registry, "cluster_index_changes_applied", "Points inserted, altered, moved or removed", source, index,
        LiveIndexMetrics::changesApplied);
    counter(registry, "cluster_index_merges", "Deltas merged into the main arrays", source, index,
        LiveIndexMetrics::mergesCompleted);
  }

  private static <T> void gauge(MeterRegistry registry, String name, String description, String source, T state,
      ToDoubleFunction<T> value) {
    Gauge.builder(name, state, value).description(description).tag("source", source).register(registry);
  }

  private static <T> void counter(MeterRegistry registry, String name, String description, String source, T state,
      ToDoubleFunction<T> value) {
    FunctionCounter.builder(name, state, value).description(description).tag("source", source).register(registry);
  }
}
