package io.tileserver.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.ServerConfig.BreakerConfig;
import io.tileserver.config.ServerConfig.RedisConfig;
import io.tileserver.testing.Waits;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Builds L2 caches for tests: a key prefix of each test's own, so tests share one Redis safely. */
final class RedisTestCaches {
  private RedisTestCaches() {}

  static String uniquePrefix() {
    return "test:" + UUID.randomUUID() + ":";
  }

  static RedisConfig config(String url, String prefix, int ttlSeconds, int maxValueBytes) {
    return new RedisConfig(url, null, null, null, prefix, ttlSeconds, maxValueBytes, 2000, null, 100,
        new BreakerConfig(3, 200));
  }

  /** A config of {@code mode} (cluster or sentinel) over {@code endpoints}. */
  static RedisConfig modeConfig(String mode, List<String> endpoints, String masterName, String prefix,
      int versionRefreshMs) {
    return new RedisConfig(null, mode, endpoints, masterName, prefix, 300, 1 << 20, 2000, null, versionRefreshMs,
        new BreakerConfig(3, 200));
  }

  /** A config with a short open period, for outage tests. */
  static RedisConfig outageConfig(String url, int timeoutMs) {
    return new RedisConfig(url, null, null, null, uniquePrefix(), 300, 1 << 20, timeoutMs, null, 100,
        new BreakerConfig(3, 100));
  }

  static RedisTileCache create(Vertx vertx, RedisConfig config, MeterRegistry registry) {
    return RedisTileCache.create(vertx, config, registry, name -> null);
  }

  /** Waits (up to 30 s, polling) until {@code condition} holds; fails with {@code what} otherwise. */
  static void eventually(String what, BooleanSupplier condition) {
    Waits.until(what, Duration.ofSeconds(30), condition);
  }
}
