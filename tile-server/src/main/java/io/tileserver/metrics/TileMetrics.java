package io.tileserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server's own meters (Vert.x adds HTTP and pool meters of its own). Label values are bounded:
 * source ids come from the registry (unknown ones are counted as "unknown"), zoom is 0..30.
 */
public final class TileMetrics {
  private final MeterRegistry registry;

  public TileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One answered tile request. */
  public void request(String source, int zoom, int status, long nanos, int bytes) {
    Counter.builder("tiles_requests")
        .description("Tile requests by source, zoom and status")
        .tags("source", source, "zoom", zoom < 0 ? "none" : Integer.toString(zoom), "status", Integer.toString(status))
        .register(registry)
        .increment();
    Timer.builder("tiles_request_duration")
        .description("Time from request to response for tiles")
        .tags("source", source)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (bytes > 0) {
      DistributionSummary.builder("tiles_response_bytes")
          .description("Bytes of tile bodies sent")
          .baseUnit("bytes")
          .tags("source", source)
          .register(registry)
          .record(bytes);
    }
  }

  /** A cache lookup's outcome by zoom. */
  public void cache(int zoom, boolean hit) {
    Counter.builder("tiles_cache_lookups")
        .description("L1 cache lookups by zoom and result")
        .tags("zoom", Integer.toString(zoom), "result", hit ? "hit" : "miss")
        .register(registry)
        .increment();
  }

  /** Time a source took to produce a tile (the query time for PostGIS sources). */
  public void sourceTime(String source, long nanos, boolean succeeded) {
    Timer.builder("tiles_source_duration")
        .description("Time sources take to build a tile (database query time for PostGIS)")
        .tags("source", source, "outcome", succeeded ? "ok" : "error")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
