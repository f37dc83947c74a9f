package io.tileserver.http;

import io.tileserver.ratelimit.RateLimits;
import io.vertx.core.http.HttpServerRequest;

/** The rate limits applied to a request's client, as {@link TrustedProxies} identifies it. */
final class ClientLimits {
  private final RateLimits limits;
  private final TrustedProxies proxies;

  ClientLimits(RateLimits limits, TrustedProxies proxies) {
    this.limits = limits;
    this.proxies = proxies;
  }

  /** Counts work from the sources against the request's client; throws RateLimitedException when over. */
  void uncachedWork(HttpServerRequest request) {
    limits.uncachedWork(proxies.clientAddress(request));
  }

  /** Counts a tile request, hit or miss, when cache hits are limited too. */
  void tileRequest(HttpServerRequest request) {
    if (limits.limitsCachedTiles()) {
      limits.tileRequest(proxies.clientAddress(request));
    }
  }

  void checkAdminAttempts(HttpServerRequest request) {
    limits.checkAdminAttempts(proxies.clientAddress(request));
  }

  void adminFailure(HttpServerRequest request) {
    limits.adminFailure(proxies.clientAddress(request));
  }
}
