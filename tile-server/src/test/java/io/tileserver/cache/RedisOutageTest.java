package io.tileserver.cache;

import static io.tileserver.cache.RedisTestCaches.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.cache.TileCache.Level;
import io.tileserver.config.ServerConfig.CacheConfig;
import io.tileserver.serving.EncodedTiles;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis absent, stopped, frozen and back: tile lookups never fail, the breaker opens, and the cache
 * uses Redis again once it answers, without a restart.
 */
class RedisOutageTest {
  /** L1 off, so every lookup reaches L2 and the builder. */
  private static final CacheConfig NO_L1 = new CacheConfig(0, null, null, null, null);
  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicInteger builds = new AtomicInteger();
  private final CachedTile built = CachedTile.of(EncodedTiles.tileLikeBytes(1000));
  private RedisTileCache shared;

  @AfterEach
  void close() {
    if (shared != null) {
      shared.close().await();
    }
    vertx.close().await();
  }

  private TileCache.Lookup lookup(TileCache cache, int y) {
    return cache.get(new TileKey("properties", new TileCoord(10, 0, y), ""), vertx.getOrCreateContext(), k -> {
      builds.incrementAndGet();
      return Future.succeededFuture(built);
    }).await();
  }

  @Test
  void withNothingListeningEveryLookupIsBuiltAndTheBreakerOpens() {
    shared = RedisTestCaches.create(vertx, RedisTestCaches.outageConfig("redis://127.0.0.1:" + PrivateRedis.freePort(), 500),
        registry);
    TileCache cache = new TileCache(NO_L1, shared, registry);

    for (int y = 0; y < 20; y++) {
      TileCache.Lookup lookup = lookup(cache, y);
      assertThat(lookup.level()).isEqualTo(Level.MISS);
      assertThat(lookup.tile().raw()).isEqualTo(built.raw());
    }

    assertThat(builds).hasValue(20);
    assertThat(breakerOpen()).isTrue();
    assertThat(shared.status()).isEqualTo(L2Status.DEGRADED);
    assertThat(cache.l2Status()).isEqualTo(L2Status.DEGRADED);
    assertThat(shared.count("get", "error")).isPositive();
  }

  @Test
  void aStoppedRedisIsSkippedAndUsedAgainOnceItIsBackWithoutARestart() {
    try (PrivateRedis redis = new PrivateRedis().start()) {
      shared = RedisTestCaches.create(vertx, RedisTestCaches.outageConfig(redis.url(), 500), registry);
      TileCache cache = new TileCache(NO_L1, shared, registry);
      eventually("the L2 is ready", () -> shared.status() == L2Status.OK);
      lookup(cache, 1);
      shared.flush().await();
      assertThat(lookup(cache, 1).level()).isEqualTo(Level.L2);

      redis.stop();
      for (int y = 100; y < 120; y++) {
        assertThat(lookup(cache, y).level()).isEqualTo(Level.MISS);
      }
      eventually("the breaker opens", this::breakerOpen);
      assertThat(shared.status()).isEqualTo(L2Status.DEGRADED);
      assertThat(shared.count("get", "error") + shared.count("set", "error")).isPositive();

      redis.start();
      eventually("the cache reconnects", () -> {
        lookup(cache, 2);
        return shared.status() == L2Status.OK;
      });
      shared.flush().await();
      int before = builds.get();
      assertThat(lookup(cache, 2).level()).isEqualTo(Level.L2);
      assertThat(builds).hasValue(before);
    }
  }

  @Test
  void aFrozenRedisTimesOutOpensTheBreakerAndIsUsedAgainWhenItThaws() {
    try (PrivateRedis redis = new PrivateRedis().start()) {
      shared = RedisTestCaches.create(vertx, RedisTestCaches.outageConfig(redis.url(), 100), registry);
      TileCache cache = new TileCache(NO_L1, shared, registry);
      eventually("the L2 is ready", () -> shared.status() == L2Status.OK);

      redis.freeze();
      for (int y = 0; y < 10; y++) {
        assertThat(lookup(cache, y).tile().raw()).isEqualTo(built.raw());
      }
      eventually("the breaker opens", this::breakerOpen);
      assertThat(shared.count("get", "timeout")).isPositive();
      assertThat(builds).hasValue(10);

      redis.thaw();
      eventually("the cache answers again", () -> {
        lookup(cache, 50);
        return shared.status() == L2Status.OK;
      });
      // A tile built now that the breaker is closed is stored, and read back from the L2.
      assertThat(lookup(cache, 51).level()).isEqualTo(Level.MISS);
      shared.flush().await();
      assertThat(lookup(cache, 51).level()).isEqualTo(Level.L2);
    }
  }

  /** The breaker's state as operators see it: {@code tiles_l2_breaker_state} is 2 when open. */
  private boolean breakerOpen() {
    return registry.get("tiles_l2_breaker_state").gauge().value() == 2;
  }
}
