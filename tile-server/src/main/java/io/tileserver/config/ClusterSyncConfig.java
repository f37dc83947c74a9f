package io.tileserver.config;

/**
 * A cluster source's {@code sync:} block: how its in-memory index scans, merges and follows the
 * table's change feed. Unset keys take the defaults below (those of {@code LiveIndexOptions} and
 * {@code SyncOptions}).
 *
 * @param parallelThreshold rows in a tile from which a scan is split over two cores (default 262,144)
 * @param mergeRows changed rows (delta plus dead main rows) from which the delta is merged into main
 *     in the background (default 100,000)
 * @param channel the NOTIFY channel of the table's change-feed triggers (default properties_changed)
 * @param idBatch most notified ids re-read and applied in one batch (default 5,000)
 * @param pollPageRows rows per page of a watermark poll (default 5,000)
 * @param pollIntervalSeconds a watermark poll at least this often, notifications or not (default 60)
 * @param lookbackSeconds how far behind the watermark a poll starts (default 30)
 * @param mergeIdleSeconds a quiet period after which the delta is merged into main (default 5)
 */
public record ClusterSyncConfig(
    Integer parallelThreshold,
    Integer mergeRows,
    String channel,
    Integer idBatch,
    Integer pollPageRows,
    Integer pollIntervalSeconds,
    Integer lookbackSeconds,
    Integer mergeIdleSeconds) {

  /** Every key at its default. */
  public static final ClusterSyncConfig DEFAULTS = new ClusterSyncConfig(null, null, null, null, null, null, null,
      null);

  public ClusterSyncConfig {
    parallelThreshold = positive(parallelThreshold, 262_144, "parallel-threshold");
    mergeRows = positive(mergeRows, 100_000, "merge-rows");
    channel = channel == null ? "properties_changed" : channel;
    InvalidValue.require(!channel.isBlank() && channel.length() <= 63, "channel",
        "must be 1..63 characters, was '" + channel + "'");
    idBatch = positive(idBatch, 5_000, "id-batch");
    pollPageRows = positive(pollPageRows, 5_000, "poll-page-rows");
    pollIntervalSeconds = positive(pollIntervalSeconds, 60, "poll-interval-seconds");
    lookbackSeconds = lookbackSeconds == null ? 30 : lookbackSeconds;
    InvalidValue.require(lookbackSeconds >= 0, "lookback-seconds", "must be >= 0, was " + lookbackSeconds);
    mergeIdleSeconds = positive(mergeIdleSeconds, 5, "merge-idle-seconds");
  }

  private static int positive(Integer value, int fallback, String key) {
    int v = value == null ? fallback : value;
    InvalidValue.require(v > 0, key, "must be positive, was " + v);
    return v;
  }
}
