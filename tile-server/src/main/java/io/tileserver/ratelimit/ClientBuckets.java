package io.tileserver.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * One kind of per-client limit: a Bucket4j token bucket per client address, kept in a bounded
 * Caffeine map (a client idle long enough to have refilled its bucket is forgotten, and at most
 * {@code maxClients} are tracked).
 */
public final class ClientBuckets {
  private final String limit;
  private final String what;
  private final Bandwidth bandwidth;
  private final Cache<String, Bucket> buckets;
  private final Counter refused;

  /**
   * @param limit the config key, for the client's hint and the metric
   * @param what what is counted, for the client's message ("tile builds")
   * @param tokens tokens refilled per {@code period}
   * @param burst bucket capacity
   */
  public ClientBuckets(String limit, String what, long tokens, Duration period, long burst, int maxClients,
      MeterRegistry registry) {
    this.limit = limit;
    this.what = what;
    this.bandwidth = Bandwidth.builder().capacity(burst).refillGreedy(tokens, period).build();
    // A bucket left alone this long is full again: forgetting it changes nothing.
    Duration refilled = period.multipliedBy(Math.max(1, (burst + tokens - 1) / tokens));
    this.buckets = Caffeine.newBuilder().maximumSize(maxClients).expireAfterAccess(refilled).build();
    this.refused = Counter.builder("rate_limited").tag("limit", limit)
        .description("Requests refused with 429 by a per-client rate limit").register(registry);
  }

  /** Takes one token of {@code client}'s bucket, or throws {@link RateLimitedException}. */
  public void take(String client) {
    ConsumptionProbe probe = buckets.get(client, c -> Bucket.builder().addLimit(bandwidth).build())
        .tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      refused.increment();
      int seconds = (int) Math.max(1, Math.ceilDiv(probe.getNanosToWaitForRefill(), 1_000_000_000L));
      throw new RateLimitedException(limit, "too many " + what + " from this client", seconds);
    }
  }

  /** True when {@code client} has a token left, without taking it. */
  public boolean hasToken(String client) {
    Bucket bucket = buckets.getIfPresent(client);
    return bucket == null || bucket.getAvailableTokens() > 0;
  }
}
