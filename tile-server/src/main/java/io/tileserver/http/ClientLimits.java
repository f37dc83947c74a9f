package io.tileserver.http;

import io.tileserver.ratelimit.RateLimits;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** The rate limits applied to a request's client, as {@link TrustedProxies} identifies it. */
final class ClientLimits {
  private final RateLimits limits;
  private final TrustedProxies proxies;

  ClientLimits(RateLimits limits, TrustedProxies proxies) {
    this.limits = limits;
    this.proxies = proxies;
  }

  /** Counts work from the sources against the request's client; fails with RateLimitedException when over. */
  Future<Void> uncachedWork(HttpServerRequest request) {
    return limits.uncachedWork(proxies.clientAddress(request));
  }

  /** True when every tile request, hit or miss, is counted ({@link #tileRequest}). */
  boolean limitsCachedTiles() {
    return limits.limitsCachedTiles();
  }

  /** Counts a tile request, hit or miss. */
  Future<Void> tileRequest(HttpServerRequest request) {
    return limits.tileRequest(proxies.clientAddress(request));
  }

  Future<Void> checkAdminAttempts(HttpServerRequest request) {
    return limits.checkAdminAttempts(proxies.clientAddress(request));
  }

  void adminFailure(HttpServerRequest request) {
    limits.adminFailure(proxies.clientAddress(request));
  }
}
