package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.config.ServerConfig.CacheConfig;
import io.tileserver.testing.Waits;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TileCacheTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A lookup's outcome; a lookup that never completes (a lost single-flight waiter) fails the test. */
  private static <T> T lookedUp(Future<T> lookup) {
    return Waits.await("a cache lookup", Duration.ofSeconds(30), lookup);
  }

  private static TileKey key(int z) {
    return new TileKey("s", new TileCoord(z, 0, 0), "");
  }

  @Test
  void concurrentMissesForOneTileBuildItOnce() {
    TileCache cache = new TileCache(new CacheConfig(16, null, null, null, null), new SimpleMeterRegistry());
    AtomicInteger builds = new AtomicInteger();
    Promise<CachedTile> slow = Promise.promise();
    List<Future<TileCache.Lookup>> lookups = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lookups.add(cache.get(key(3), vertx.getOrCreateContext(), k -> {
        builds.incrementAndGet();
        return slow.future();
      }));
    }
    slow.complete(CachedTile.of(new byte[] {1, 2, 3}));
    lookedUp(Future.all(lookups));
    assertThat(builds).hasValue(1);
    TileCache.Lookup again = lookedUp(cache.get(key(3), vertx.getOrCreateContext(), k -> Future.failedFuture("not again")));
    assertThat(again.hit()).isTrue();
    assertThat(again.level()).isEqualTo(TileCache.Level.L1);
    assertThat(cache.l2Status()).isEqualTo(L2Status.DISABLED);
  }

  @Test
  void aFailedBuildIsNotCached() {
    TileCache cache = new TileCache(new CacheConfig(16, null, null, null, null), new SimpleMeterRegistry());
    Future<TileCache.Lookup> failed = cache.get(key(1), vertx.getOrCreateContext(), k -> Future.failedFuture("db down"));
    assertThatThrownBy(() -> lookedUp(failed)).hasMessage("db down");
    TileCache.Lookup retry = lookedUp(cache.get(key(1), vertx.getOrCreateContext(),
        k -> Future.succeededFuture(CachedTile.of(new byte[] {9}))));
    assertThat(retry.hit()).isFalse();
    assertThat(retry.level()).isEqualTo(TileCache.Level.MISS);
    assertThat(retry.tile().raw()).containsExactly(9);
  }

  @Test
  void aFailedBuildIsNotLoggedByTheCacheLibrary() {
    // Under overload or an outage every build fails; the HTTP layer logs each failure once, and
    // Caffeine would add a stack trace per failed load.
    Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine");
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord entry) {
        records.add(entry);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    caffeine.addHandler(capture);
    try {
      TileCache cache = new TileCache(new CacheConfig(16, null, null, null, null), new SimpleMeterRegistry());
      Future<TileCache.Lookup> failed = cache.get(key(2), vertx.getOrCreateContext(), k -> Future.failedFuture("busy"));
      assertThatThrownBy(failed::await).hasMessage("busy");
      Promise<CachedTile> later = Promise.promise();
      Future<TileCache.Lookup> failedLater = cache.get(key(3), vertx.getOrCreateContext(), k -> later.future());
      later.fail("deadline");
      assertThatThrownBy(failedLater::await).hasMessage("deadline");
      assertThat(records).isEmpty();
    } finally {
      caffeine.removeHandler(capture);
    }
  }

  @Test
  void zoomsOutsideTheCachedRangeBypassTheCache() {
    TileCache cache = new TileCache(new CacheConfig(16, null, 2, 10, null), new SimpleMeterRegistry());
    AtomicInteger builds = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      lookedUp(cache.get(key(12), vertx.getOrCreateContext(), k -> {
        builds.incrementAndGet();
        return Future.succeededFuture(CachedTile.of(new byte[] {1}));
      }));
    }
    assertThat(builds).hasValue(3);
    assertThat(cache.size()).isZero();
  }

  @Test
  void theCacheIsBoundedByBytes() {
    TileCache cache = new TileCache(new CacheConfig(1, null, null, null, null), new SimpleMeterRegistry());
    for (int y = 0; y < 64; y++) {
      TileKey key = new TileKey("s", new TileCoord(6, 0, y), "");
      lookedUp(cache.get(key, vertx.getOrCreateContext(), k -> Future.succeededFuture(CachedTile.of(new byte[100_000]))));
    }
    cache.cleanUp();
    assertThat(cache.weightedBytes()).isLessThanOrEqualTo(1024 * 1024);
  }
}
