package io.tileserver.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * One kind of per-client limit: a token bucket per client address. Locally a Bucket4j bucket, kept
 * in a bounded Caffeine map (a client idle long enough to have refilled its bucket is forgotten, and
 * at most {@code maxClients} are tracked). With {@link SharedBuckets} the bucket lives in Redis,
 * shared by every instance; while Redis cannot answer, the local bucket decides.
 */
public final class ClientBuckets {
  private final String limit;
  private final String what;
  private final Bandwidth bandwidth;
  private final Cache<String, Bucket> buckets;
  private final SharedBuckets shared;
  private final long intervalMicros;
  private final long burst;
  private final Counter refused;

  /**
   * @param limit the config key, for the client's hint, the metric and the shared key
   * @param what what is counted, for the client's message ("tile builds")
   * @param tokens tokens refilled per {@code period}
   * @param burst bucket capacity
   * @param shared the buckets every instance shares, or null for local ones only
   */
  public ClientBuckets(String limit, String what, long tokens, Duration period, long burst, int maxClients,
      SharedBuckets shared, MeterRegistry registry) {
    this.limit = limit;
    this.what = what;
    this.bandwidth = Bandwidth.builder().capacity(burst).refillGreedy(tokens, period).build();
    // A bucket left alone this long is full again: forgetting it changes nothing.
    Duration refilled = period.multipliedBy(Math.max(1, (burst + tokens - 1) / tokens));
    // Upkeep on the calling thread, as in TileCache: no pool thread woken per request.
    this.buckets = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxClients)
        .expireAfterAccess(refilled).build();
    this.shared = shared;
    this.intervalMicros = Math.max(1, period.toNanos() / 1000 / tokens);
    this.burst = burst;
    this.refused = Counter.builder("rate_limited").tag("limit", limit)
        .description("Requests refused with 429 by a per-client rate limit").register(registry);
  }

  /** Takes one token of {@code client}'s bucket; fails with {@link RateLimitedException} when there is none. */
  public Future<Void> take(String client) {
    return token(client, true);
  }

  /** Fails with {@link RateLimitedException} when {@code client}'s bucket is empty; takes nothing. */
  public Future<Void> check(String client) {
    return token(client, false);
  }

  private Future<Void> token(String client, boolean take) {
    if (shared == null) {
      return locally(client, take);
    }
    return shared.token(limit, client, intervalMicros, burst, take)
        .transform(result -> result.failed() ? locally(client, take)
            : result.result() == 0 ? Future.succeededFuture() : refuse(result.result() / 1000));
  }

  private Future<Void> locally(String client, boolean take) {
    Bucket bucket = buckets.get(client, c -> Bucket.builder().addLimit(bandwidth).build());
    if (!take) {
      EstimationProbe look = bucket.estimateAbilityToConsume(1);
      return look.canBeConsumed() ? Future.succeededFuture() : refuse(look.getNanosToWaitForRefill() / 1_000_000);
    }
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Future.succeededFuture() : refuse(probe.getNanosToWaitForRefill() / 1_000_000);
  }

  private Future<Void> refuse(long waitMillis) {
    refused.increment();
    int seconds = (int) Math.max(1, Math.ceilDiv(waitMillis, 1000));
    return Future.failedFuture(new RateLimitedException(limit, "too many " + what + " from this client", seconds));
  }
}
