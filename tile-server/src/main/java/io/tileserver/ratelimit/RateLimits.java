package io.tileserver.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.RateLimitConfig;
import java.time.Duration;

/** The server's per-client limits, from {@code rate-limit}; a limit that is off lets everything through. */
public final class RateLimits {
  private final ClientBuckets uncached;
  private final ClientBuckets cached;
  private final ClientBuckets adminFailures;

  public RateLimits(RateLimitConfig config, MeterRegistry registry) {
    boolean on = config.enabled();
    uncached = on ? new ClientBuckets("rate-limit.uncached-per-second", "tiles built from the data",
        config.uncachedPerSecond(), Duration.ofSeconds(1), config.uncachedBurst(), config.maxClients(), registry) : null;
    cached = on && config.cachedPerSecond() != null ? new ClientBuckets("rate-limit.cached-per-second",
        "tile requests", config.cachedPerSecond(), Duration.ofSeconds(1), config.cachedBurst(), config.maxClients(),
        registry) : null;
    adminFailures = on ? new ClientBuckets("rate-limit.admin-failures-per-minute", "failed admin authentications",
        config.adminFailuresPerMinute(), Duration.ofMinutes(1), config.adminFailuresPerMinute(), config.maxClients(),
        registry) : null;
  }

  /** Counts a build from the sources (a cache miss) against {@code client}; throws when over. */
  public void uncachedWork(String client) {
    if (uncached != null) {
      uncached.take(client);
    }
  }

  /** True when every tile request, cache hits included, is counted. */
  public boolean limitsCachedTiles() {
    return cached != null;
  }

  /** Counts a tile request against {@code client}; throws when over. */
  public void tileRequest(String client) {
    if (cached != null) {
      cached.take(client);
    }
  }

  /** Throws when {@code client} has used up its failed admin attempts. */
  public void checkAdminAttempts(String client) {
    if (adminFailures != null && !adminFailures.hasToken(client)) {
      adminFailures.take(client);
    }
  }

  /** Counts a failed admin attempt of {@code client}. */
  public void adminFailure(String client) {
    if (adminFailures != null) {
      try {
        adminFailures.take(client);
      } catch (RateLimitedException e) {
        // The attempt is answered 401 now; the next one meets the empty bucket.
      }
    }
  }
}
