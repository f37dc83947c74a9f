package io.tileserver.source.changes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The meters of {@link TileChangeFollower}, per source (and reason, for bumps). */
final class TileChangeMetrics {
  private final MeterRegistry registry;

  TileChangeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void received(String source) {
    Counter.builder("tiles_changes_received").description("Change-feed notifications a source followed")
        .tag("source", source).register(registry).increment();
  }

  void invalidated(String source, int tiles) {
    Counter.builder("tiles_changes_invalidated_tiles").description("Tiles retired because their data changed")
        .tag("source", source).register(registry).increment(tiles);
  }

  /** @param reason overflow, truncate, gap (the listener reconnected) or max-tiles */
  void bumped(String source, String reason) {
    Counter.builder("tiles_changes_bumps").description("Whole-source version bumps caused by the change feed")
        .tag("source", source).tag("reason", reason).register(registry).increment();
  }

  /** From the end of the changing statement (the database's clock) to its tiles being retired here. */
  void lag(String source, long millis) {
    Timer.builder("tiles_changes_lag").description("From a changing statement to its tiles being retired")
        .tag("source", source).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(1)).register(registry)
        .record(Duration.ofMillis(Math.max(0, millis)));
  }

  void replicaWaitTimedOut() {
    Counter.builder("tiles_changes_replica_wait_timeouts")
        .description("Invalidations made before every read replica had replayed the change")
        .register(registry).increment();
  }
}
