package io.tileserver.ratelimit;

import io.vertx.core.Future;

/** Rate-limit buckets every instance shares (in Redis). */
@FunctionalInterface
public interface SharedBuckets {
  /**
   * Takes (or with {@code take} false, looks for) a token of {@code client}'s bucket for
   * {@code limit}: 0 when there is one, else the microseconds until there will be. Fails when the
   * shared store cannot answer.
   */
  Future<Long> token(String limit, String client, long intervalMicros, long burst, boolean take);
}
