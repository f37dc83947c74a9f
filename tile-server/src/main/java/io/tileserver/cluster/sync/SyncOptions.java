package io.tileserver.cluster.sync;

import java.time.Duration;

/**
 * How {@link ClusterSync} follows a table.
 *
 * @param channel the NOTIFY channel the table's change-feed triggers send on (sql/changes/008)
 * @param updatedAtColumn the timestamp column the watermark poll reads; moves only on real changes
 * @param idBatch most ids re-read (and applied) in one batch
 * @param pollPageRows rows per cursor page (and applied batch) of a watermark poll
 * @param pollInterval how often to poll even when notifications arrive (a safety net)
 * @param lookback how far before the previous poll's start a poll reads, when that is before the
 *     watermark: covers transactions open during that poll (updated_at is the transaction's start
 *     time, not its commit's), so the longest transaction allowed for
 * @param mergeIdle a quiet period after which the delta is merged into main
 * @param deletionRetention how long rows of change_feed_deletions are kept before this listener purges them
 * @param reconnectDelay first delay before reconnecting the listener; doubles per failed attempt, up to 5 s
 * @param listenerName application_name of the listening connection (visible in pg_stat_activity)
 */
public record SyncOptions(
    String channel,
    String updatedAtColumn,
    int idBatch,
    int pollPageRows,
    Duration pollInterval,
    Duration lookback,
    Duration mergeIdle,
    Duration deletionRetention,
    Duration reconnectDelay,
    String listenerName) {

  public SyncOptions {
    if (channel == null || channel.isBlank() || channel.length() > 63) {
      throw new IllegalArgumentException("sync channel must be 1..63 characters, was " + channel);
    }
    if (idBatch < 1 || pollPageRows < 1) {
      throw new IllegalArgumentException("sync id batch and poll page rows must be >= 1, were " + idBatch
          + " and " + pollPageRows);
    }
  }

  /** The {@code properties} feed: batches of 5,000, a poll a minute with 30 s of lookback, merge after 5 s quiet. */
  public static SyncOptions defaults() {
    return new SyncOptions("properties_changed", "updated_at", 5_000, 5_000, Duration.ofMinutes(1),
        Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofDays(1), Duration.ofSeconds(1),
        "tileserver-cluster-sync");
  }

  public SyncOptions withPollInterval(Duration interval) {
    return new SyncOptions(channel, updatedAtColumn, idBatch, pollPageRows, interval, lookback, mergeIdle,
        deletionRetention, reconnectDelay, listenerName);
  }

  public SyncOptions withListenerName(String name) {
    return new SyncOptions(channel, updatedAtColumn, idBatch, pollPageRows, pollInterval, lookback, mergeIdle,
        deletionRetention, reconnectDelay, name);
  }

  public SyncOptions withBatches(int ids, int pageRows) {
    return new SyncOptions(channel, updatedAtColumn, ids, pageRows, pollInterval, lookback, mergeIdle,
        deletionRetention, reconnectDelay, listenerName);
  }
}
