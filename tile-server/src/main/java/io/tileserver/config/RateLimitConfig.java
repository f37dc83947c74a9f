package io.tileserver.config;

/**
 * Per-client rate limits (token buckets): a client is its address, or behind
 * {@code server.trusted-proxies} the address they forwarded. Without {@code shared}, each instance
 * keeps its own buckets, so behind N replicas a client gets up to N times the rate.
 *
 * @param enabled false turns every limit off
 * @param uncachedPerSecond tiles and cluster queries a client may have built from the sources per
 *     second, sustained (cache hits do not count)
 * @param uncachedBurst how many it may have built at once before the sustained rate applies
 * @param cachedPerSecond every tile request of a client, hits included; null (the default) leaves
 *     cache hits unlimited
 * @param cachedBurst the burst of {@code cachedPerSecond}
 * @param adminFailuresPerMinute wrong or missing admin tokens a client may send per minute; past it
 *     every admin call of that client is 429 until the bucket refills
 * @param maxClients clients tracked at once; the least recently seen are forgotten first (bounds
 *     memory against clients that change address on every request)
 * @param shared keep the buckets in Redis, so every instance draws on the same budget (needs the
 *     {@code redis} section); while Redis cannot answer, each instance's own buckets decide
 */
public record RateLimitConfig(Boolean enabled, Integer uncachedPerSecond, Integer uncachedBurst,
    Integer cachedPerSecond, Integer cachedBurst, Integer adminFailuresPerMinute, Integer maxClients, Boolean shared) {
  public RateLimitConfig {
    enabled = enabled == null || enabled;
    shared = shared != null && shared;
    uncachedPerSecond = uncachedPerSecond == null ? 200 : uncachedPerSecond;
    InvalidValue.require(uncachedPerSecond > 0, "uncached-per-second", "must be positive, was " + uncachedPerSecond);
    uncachedBurst = uncachedBurst == null ? 5 * uncachedPerSecond : uncachedBurst;
    InvalidValue.require(uncachedBurst > 0, "uncached-burst", "must be positive, was " + uncachedBurst);
    InvalidValue.require(cachedPerSecond == null || cachedPerSecond > 0, "cached-per-second",
        "must be positive, or left out to leave cache hits unlimited; was " + cachedPerSecond);
    cachedBurst = cachedBurst == null ? (cachedPerSecond == null ? null : 5 * cachedPerSecond) : cachedBurst;
    InvalidValue.require(cachedBurst == null || cachedBurst > 0, "cached-burst", "must be positive, was " + cachedBurst);
    adminFailuresPerMinute = adminFailuresPerMinute == null ? 10 : adminFailuresPerMinute;
    InvalidValue.require(adminFailuresPerMinute > 0, "admin-failures-per-minute",
        "must be positive, was " + adminFailuresPerMinute);
    maxClients = maxClients == null ? 100_000 : maxClients;
    InvalidValue.require(maxClients > 0, "max-clients", "must be positive, was " + maxClients);
  }
}
