package io.tileserver.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.RateLimitConfig;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * The server's per-client limits, from {@code rate-limit}. Each check is a future: failed with
 * {@link RateLimitedException} when the client is over; a limit that is off lets everything through.
 */
public final class RateLimits {
  private final ClientBuckets uncached;
  private final ClientBuckets cached;
  private final ClientBuckets adminFailures;

  /** @param shared buckets shared by every instance ({@code rate-limit.shared}), or null */
  public RateLimits(RateLimitConfig config, SharedBuckets shared, MeterRegistry registry) {
    boolean on = config.enabled();
    uncached = on ? new ClientBuckets("rate-limit.uncached-per-second", "tiles built from the data",
        config.uncachedPerSecond(), Duration.ofSeconds(1), config.uncachedBurst(), config.maxClients(), shared,
        registry) : null;
    cached = on && config.cachedPerSecond() != null ? new ClientBuckets("rate-limit.cached-per-second",
        "tile requests", config.cachedPerSecond(), Duration.ofSeconds(1), config.cachedBurst(), config.maxClients(),
        shared, registry) : null;
    adminFailures = on ? new ClientBuckets("rate-limit.admin-failures-per-minute", "failed admin authentications",
        config.adminFailuresPerMinute(), Duration.ofMinutes(1), config.adminFailuresPerMinute(), config.maxClients(),
        shared, registry) : null;
  }

  /** Counts a build from the sources (a cache miss) against {@code client}. */
  public Future<Void> uncachedWork(String client) {
    return uncached == null ? Future.succeededFuture() : uncached.take(client);
  }

  /** True when every tile request, cache hits included, is counted. */
  public boolean limitsCachedTiles() {
    return cached != null;
  }

  /** Counts a tile request against {@code client}. */
  public Future<Void> tileRequest(String client) {
    return cached == null ? Future.succeededFuture() : cached.take(client);
  }

  /**
   * Fails when {@code client} has used up its failed admin attempts: its token is then not even
   * compared, so guessing gets no faster than the limit.
   */
  public Future<Void> checkAdminAttempts(String client) {
    return adminFailures == null ? Future.succeededFuture() : adminFailures.check(client);
  }

  /** Counts a failed admin attempt of {@code client}. */
  public void adminFailure(String client) {
    if (adminFailures != null) {
      // The attempt itself is answered 401; an empty bucket shows at the next check.
      adminFailures.take(client);
    }
  }
}
