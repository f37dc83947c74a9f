package io.tileserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The server's own meters (Vert.x adds HTTP and pool meters of its own). Label values are bounded:
 * source ids come from the registry (unknown ones are counted as "unknown"), zoom is 0..30. Meters
 * are looked up once per label set and kept, so the hot path looks them up by source and a packed
 * number instead of a meter id (Micrometer's register() sorts and allocates tags on every call).
 */
public final class TileMetrics {
  private static final Duration MIN_EXPECTED = Duration.ofNanos(50_000);
  private static final Duration MAX_EXPECTED = Duration.ofSeconds(10);

  private final MeterRegistry registry;
  private final Map<String, SourceMeters> sources = new ConcurrentHashMap<>();
  private final Map<Integer, Counter> cacheLookups = new ConcurrentHashMap<>();
  private final Map<String, Timer> sourceTimers = new ConcurrentHashMap<>();
  private final Map<String, Counter> shed = new ConcurrentHashMap<>();

  public TileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One answered tile request. */
  public void request(String source, int zoom, int status, long nanos, int bytes) {
    SourceMeters meters = sources.get(source);
    if (meters == null) {
      meters = sources.computeIfAbsent(source, SourceMeters::new);
    }
    meters.requests.computeIfAbsent((zoom + 1) << 10 | status, k -> Counter.builder("tiles_requests")
            .description("Tile requests by source, zoom and status")
            .tags("source", source, "zoom", zoom < 0 ? "none" : Integer.toString(zoom), "status", Integer.toString(status))
            .register(registry))
        .increment();
    meters.duration(band(zoom)).record(nanos, TimeUnit.NANOSECONDS);
    if (bytes > 0) {
      meters.bytes.record(bytes);
    }
  }

  /**
   * The duration histogram's zoom label: a band, not the zoom, because each label value costs a
   * whole set of buckets. The bands follow how tiles are built: z0-4 from the cluster index's
   * attribute order, z5-9 cluster scans, z10-13 dense clusters and polygons, z14+ single listings;
   * "none" for requests answered before their zoom was known.
   */
  private static final String[] BANDS = {"none", "0-4", "5-9", "10-13", "14+"};

  private static int band(int zoom) {
    if (zoom < 0) {
      return 0;
    }
    return zoom <= 4 ? 1 : zoom <= 9 ? 2 : zoom <= 13 ? 3 : 4;
  }

  /** The meters of one source label, looked up by the source alone on the hot path. */
  private final class SourceMeters {
    /** Keyed by {@code (zoom + 1) << 10 | status}. */
    final Map<Integer, Counter> requests = new ConcurrentHashMap<>();
    final String source;
    /**
     * Indexed by {@link #band}, registered on first use so a band a source never serves exports no
     * buckets. Two threads may both register one: Micrometer returns the same timer to both.
     */
    final AtomicReferenceArray<Timer> durations = new AtomicReferenceArray<>(BANDS.length);
    final DistributionSummary bytes;

    SourceMeters(String source) {
      this.source = source;
      bytes = DistributionSummary.builder("tiles_response_bytes")
          .description("Bytes of tile bodies sent")
          .baseUnit("bytes")
          .tags("source", source)
          .register(registry);
    }

    Timer duration(int band) {
      Timer timer = durations.get(band);
      if (timer == null) {
        timer = Timer.builder("tiles_request_duration")
            .description("Time from request to response for tiles, by source and zoom band")
            .tags("source", source, "zoom_band", BANDS[band])
            .publishPercentileHistogram()
            .minimumExpectedValue(MIN_EXPECTED)
            .maximumExpectedValue(MAX_EXPECTED)
            .register(registry);
        durations.set(band, timer);
      }
      return timer;
    }
  }

  /** A cache lookup's outcome by zoom. */
  public void cache(int zoom, boolean hit) {
    String result = hit ? "hit" : "miss";
    cacheLookups.computeIfAbsent(zoom << 1 | (hit ? 1 : 0), k -> Counter.builder("tiles_cache_lookups")
            .description("L1 cache lookups by zoom and result")
            .tags("zoom", Integer.toString(zoom), "result", result)
            .register(registry))
        .increment();
  }

  /** Time a source took to produce a tile (the query time for PostGIS sources). */
  public void sourceTime(String source, long nanos, boolean succeeded) {
    String outcome = succeeded ? "ok" : "error";
    sourceTimers.computeIfAbsent(source + '|' + outcome, k -> Timer.builder("tiles_source_duration")
            .description("Time sources take to build a tile (database query time for PostGIS)")
            .tags("source", source, "outcome", outcome)
            .publishPercentileHistogram()
            .minimumExpectedValue(MIN_EXPECTED)
            .maximumExpectedValue(MAX_EXPECTED)
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A tile request answered 503 to keep the server within its limits: {@code reason} is
   * {@code max-builds} (its source was building {@code limits.max-builds-per-source} tiles) or
   * {@code deadline} (not ready by {@code limits.request-deadline-ms}); {@code source} is the
   * source id or {@code composite}.
   */
  public void shed(String source, String reason) {
    shed.computeIfAbsent(source + '|' + reason, k -> Counter.builder("tiles_shed")
            .description("Tile requests answered 503 to stay within the server's limits, by source and reason")
            .tags("source", source, "reason", reason)
            .register(registry))
        .increment();
  }
}
