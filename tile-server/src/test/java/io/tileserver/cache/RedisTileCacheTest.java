package io.tileserver.cache;

import static io.tileserver.cache.RedisTestCaches.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.cache.TileCache.Level;
import io.tileserver.config.ServerConfig.CacheConfig;
import io.tileserver.config.ServerConfig.RedisConfig;
import io.tileserver.serving.EncodedTiles;
import io.tileserver.testing.TestServices;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Redis L2 against the project's real Redis, two instances sharing it as two servers would. */
class RedisTileCacheTest {
  private static final CacheConfig L1 = new CacheConfig(16, null, null, null, null);
  private final Vertx vertx = Vertx.vertx();
  private final String prefix = RedisTestCaches.uniquePrefix();
  private final List<RedisTileCache> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(c -> c.close().await());
    vertx.close().await();
  }

  private RedisTileCache l2(int ttlSeconds, int maxValueBytes) {
    RedisConfig config = RedisTestCaches.config(TestServices.redisUrl(), prefix, ttlSeconds, maxValueBytes);
    RedisTileCache cache = RedisTestCaches.create(vertx, config, new SimpleMeterRegistry());
    opened.add(cache);
    eventually("the L2 is ready", () -> cache.status() == L2Status.OK);
    return cache;
  }

  private RedisTileCache l2() {
    return l2(300, 1 << 20);
  }

  private static TileKey key(String sources, String filters, long version) {
    return new TileKey(sources, new TileCoord(12, 656, 1430), filters, version);
  }

  private CachedTile tile(int size) {
    return EncodedTiles.withEveryVariant(EncodedTiles.tileLikeBytes(size));
  }

  private TileCache.Lookup lookup(TileCache cache, TileKey key, Future<CachedTile> build) {
    return cache.get(key, vertx.getOrCreateContext(), k -> build).await();
  }

  @Test
  void aTileBuiltThroughOneInstanceIsAnL2HitInAnotherWithIdenticalBytesAndEtags() {
    RedisTileCache sharedA = l2();
    RedisTileCache sharedB = l2();
    TileCache a = new TileCache(L1, sharedA, new SimpleMeterRegistry());
    TileCache b = new TileCache(L1, sharedB, new SimpleMeterRegistry());
    TileKey key = key("properties", "beds=3", 0);
    CachedTile built = tile(20_000);

    TileCache.Lookup first = lookup(a, key, Future.succeededFuture(built));
    sharedA.flush().await();
    TileCache.Lookup inB = lookup(b, key, Future.failedFuture("B must not build"));
    TileCache.Lookup againInB = lookup(b, key, Future.failedFuture("B must not build"));

    assertThat(first.level()).isEqualTo(Level.MISS);
    assertThat(inB.level()).isEqualTo(Level.L2);
    assertThat(inB.hit()).isTrue();
    assertThat(againInB.level()).isEqualTo(TileCache.Level.L1);
    CachedTile shared = inB.tile();
    assertThat(shared.raw()).isEqualTo(built.raw());
    assertThat(shared.variant(Encoding.GZIP).body()).isEqualTo(built.variant(Encoding.GZIP).body());
    assertThat(shared.variant(Encoding.BROTLI).body()).isEqualTo(built.variant(Encoding.BROTLI).body());
    for (Encoding encoding : Encoding.values()) {
      assertThat(shared.sent(encoding).etag().toString()).isEqualTo(built.sent(encoding).etag().toString());
    }
    assertThat(sharedB.count("get", "hit")).isEqualTo(1);
  }

  @Test
  void entriesAreWrittenWithTheConfiguredTtl() {
    RedisTileCache shared = l2(120, 1 << 20);
    TileKey key = key("properties", "", 0);

    assertThat(shared.put(key, tile(1000)).await()).isTrue();

    Redis raw = Redis.createClient(vertx, TestServices.redisUrl());
    long pttl = raw.send(Request.cmd(Command.PTTL).arg(new RedisKeys(prefix).tile(key))).await().toLong();
    raw.close().await();
    assertThat(pttl).isPositive().isLessThanOrEqualTo(120_000);
  }

  @Test
  void tilesWhoseEntryExceedsTheMaxValueSizeAreServedButNotStored() {
    RedisTileCache shared = l2(300, 4096);
    TileCache cache = new TileCache(L1, shared, new SimpleMeterRegistry());
    TileKey big = key("properties", "big", 0);
    TileKey small = key("properties", "small", 0);

    TileCache.Lookup served = lookup(cache, big, Future.succeededFuture(tile(50_000)));
    shared.flush().await();

    assertThat(served.tile().raw()).hasSize(50_000);
    assertThat(shared.get(big).await()).isNull();
    assertThat(shared.count("set", "oversize")).isEqualTo(1);
    assertThat(shared.put(small, tile(1000)).await()).isTrue();
    assertThat(shared.get(small).await()).isNotNull();
  }

  @Test
  void differentFiltersAndDataVersionsAreDifferentEntries() {
    RedisTileCache shared = l2();
    CachedTile three = tile(1000);
    CachedTile four = tile(1001);
    CachedTile v2 = tile(1002);
    shared.put(key("properties", "beds=3", 1), three).await();
    shared.put(key("properties", "beds=4", 1), four).await();
    shared.put(key("properties", "beds=3", 2), v2).await();

    assertThat(shared.get(key("properties", "beds=3", 1)).await().raw()).isEqualTo(three.raw());
    assertThat(shared.get(key("properties", "beds=4", 1)).await().raw()).isEqualTo(four.raw());
    assertThat(shared.get(key("properties", "beds=3", 2)).await().raw()).isEqualTo(v2.raw());
    assertThat(shared.get(key("properties", "beds=3", 3)).await()).isNull();
    assertThat(shared.get(key("properties", "", 1)).await()).isNull();
  }

  @Test
  void oneConnectionCarriesFarMoreCommandsAtOnceThanAPoolCouldQueue() {
    RedisConfig base = RedisTestCaches.config(TestServices.redisUrl(), prefix, 300, 1 << 20);
    RedisConfig oneConnection = new RedisConfig(base.url(), null, null, null, prefix, 300, 1 << 20, 2000, 1, 100,
        base.breaker());
    RedisTileCache shared = RedisTestCaches.create(vertx, oneConnection, new SimpleMeterRegistry());
    opened.add(shared);
    CachedTile built = tile(1000);

    // A pool of one lets 64 commands wait for it (pool-size × 64); the rest would fail at once.
    List<Future<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      TileKey each = key("properties", "n=" + i, 0);
      inFlight.add(i % 2 == 0 ? shared.put(each, built) : shared.get(each));
    }
    Future.join(inFlight).await();

    assertThat(shared.count("set", "ok")).isEqualTo(500);
    assertThat(shared.count("get", "miss") + shared.count("get", "hit")).isEqualTo(500);
    assertThat(shared.count("get", "error") + shared.count("set", "error")).isZero();
    assertThat(shared.status()).isEqualTo(L2Status.OK);
  }

  @Test
  void fiftyConcurrentMissesCauseOneL2ReadAndOneBuildAndAnotherInstanceOneL2Read() {
    RedisTileCache sharedA = l2();
    RedisTileCache sharedB = l2();
    TileCache a = new TileCache(L1, sharedA, new SimpleMeterRegistry());
    TileCache b = new TileCache(L1, sharedB, new SimpleMeterRegistry());
    TileKey key = key("properties", "type=condo", 0);
    CachedTile built = tile(5000);
    int[] builds = new int[2];

    List<Future<TileCache.Lookup>> inA = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      inA.add(a.get(key, vertx.getOrCreateContext(), k -> {
        synchronized (builds) {
          builds[0]++;
        }
        return Future.succeededFuture(built);
      }));
    }
    Future.all(inA).await();
    sharedA.flush().await();
    List<Future<TileCache.Lookup>> inB = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      inB.add(b.get(key, vertx.getOrCreateContext(), k -> {
        synchronized (builds) {
          builds[1]++;
        }
        return Future.succeededFuture(built);
      }));
    }
    Future.all(inB).await();

    assertThat(builds).containsExactly(1, 0);
    assertThat(sharedA.count("get", "miss") + sharedA.count("get", "hit")).isEqualTo(1);
    assertThat(sharedB.count("get", "miss") + sharedB.count("get", "hit")).isEqualTo(1);
    assertThat(inB).allSatisfy(f -> assertThat(f.result().tile().raw()).isEqualTo(built.raw()));
    assertThat(inB.stream().map(f -> f.result().level())).isSubsetOf(Level.L2, Level.L1).contains(Level.L2);
  }
}
