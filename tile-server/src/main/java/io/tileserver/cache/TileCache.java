package io.tileserver.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.tileserver.config.ServerConfig.CacheConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import io.tileserver.tile.TileCoord;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The two-level tile cache: Caffeine in process (L1, bounded by bytes) in front of a
 * {@link SharedTileCache} (L2, Redis, optional). A lookup walks L1 → L2 → {@code build}; an L2 hit
 * fills L1, a build fills both (the L2 write does not delay the answer). Concurrent misses for one
 * key share one L2 read and at most one build (single flight: Caffeine keeps the in-flight future
 * under the key); a failed build is not cached. Tiles outside the configured zoom range bypass both
 * levels; with {@code max-size-mb: 0} only L1 is bypassed (and with it the single flight).
 */
public final class TileCache {
  private final AsyncCache<TileKey, Loaded> cache;
  /** Tiles dropped because their data changed or they expired, by their unversioned key. */
  private final Cache<TileKey, CachedTile> stale;
  private final CacheConfig config;
  private final SharedTileCache l2;
  private final Counter staleServed;

  public TileCache(CacheConfig config, SharedTileCache l2, MeterRegistry registry) {
    this.config = config;
    this.l2 = l2;
    // Caffeine's upkeep (eviction, removal listeners) runs on the thread that touched the cache
    // rather than on ForkJoinPool.commonPool(): it is a few µs, and waking a pool thread for it on
    // every miss cost more (4% of a cold tile's CPU samples, bench/README.md).
    this.stale = Caffeine.newBuilder().executor(Runnable::run).maximumWeight(config.staleSizeMb() * 1024L * 1024L)
        .<TileKey, CachedTile>weigher((k, tile) -> tile.weight()).build();
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumWeight(config.maxSizeMb() * 1024L * 1024L)
        .recordStats();
    if (config.ttlSeconds() != null) {
      builder.expireAfterWrite(Duration.ofSeconds(config.ttlSeconds()));
    }
    this.cache = builder.<TileKey, Loaded>weigher((k, v) -> v.tile() == null ? 0 : v.tile().weight())
        .removalListener((TileKey key, Loaded value, RemovalCause cause) -> keepStale(key, value, cause))
        .buildAsync();
    CaffeineCacheMetrics.monitor(registry, cache, "tiles_l1");
    this.staleServed = Counter.builder("tiles_stale_served")
        .description("Tiles answered from a stale copy because building the current one failed").register(registry);
  }

  /**
   * Keeps a tile that left L1 because its data changed (an explicit drop) or it expired, for
   * {@link #stale}. Tiles evicted for room are let go: the stale store is smaller than L1.
   */
  private void keepStale(TileKey key, Loaded value, RemovalCause cause) {
    if (value != null && value.tile() != null && config.staleSizeMb() > 0
        && (cause == RemovalCause.EXPLICIT || cause == RemovalCause.EXPIRED)) {
      stale.put(key.unversioned(), value.tile());
    }
  }

  /** An L1-only cache. */
  public TileCache(CacheConfig config, MeterRegistry registry) {
    this(config, SharedTileCache.DISABLED, registry);
  }

  /** Where a lookup's tile came from. */
  public enum Level {
    L1,
    L2,
    /** Built by the sources. */
    MISS,
    /** An older copy, answered because building the current one failed. */
    STALE
  }

  /** A lookup's outcome: the tile and which level had it. */
  public record Lookup(CachedTile tile, Level level) {
    /** True when a cache level had the tile. */
    public boolean hit() {
      return level == Level.L1 || level == Level.L2;
    }
  }

  /**
   * The value under a key: the tile and the level it was loaded from, or (briefly, until it is
   * removed) the failure of its build.
   */
  private record Loaded(CachedTile tile, Level origin, Throwable failure) {
    Loaded(CachedTile tile, Level origin) {
      this(tile, origin, null);
    }
  }

  /** True when a tile at zoom {@code z} is kept by some level (L1 or L2), so its variants are reused. */
  public boolean stores(int z) {
    return inZoomRange(z) && (config.maxSizeMb() > 0 || l2 != SharedTileCache.DISABLED);
  }

  private boolean inZoomRange(int z) {
    return z >= config.minzoom() && z <= config.maxzoom();
  }

  /**
   * The cached tile, or the one {@code build} makes (once, however many callers ask at the same
   * time). {@code build} runs on {@code context}; the returned future completes on it.
   */
  public Future<Lookup> get(TileKey key, Context context, Function<TileKey, Future<CachedTile>> build) {
    if (!inZoomRange(key.coord().z())) {
      return build.apply(key).map(tile -> new Lookup(tile, Level.MISS));
    }
    if (config.maxSizeMb() == 0) {
      return load(key, context, build).map(loaded -> new Lookup(loaded.tile(), loaded.origin()));
    }
    CompletableFuture<Loaded> present = cache.getIfPresent(key);
    if (present != null && present.isDone()) {
      Loaded held = present.join();
      if (held.failure() == null) {
        return Future.succeededFuture(new Lookup(held.tile(), Level.L1));
      }
      // A failed build leaves the cache as it completes (below), which may not have run yet: a
      // request right behind a failure (a deadline, a busy source) builds anew instead of sharing it.
      cache.asMap().remove(key, present);
    }
    // A failed build completes normally, carrying its failure: Caffeine would log every failed load
    // with its stack trace, and under overload or an outage that is every request.
    CompletableFuture<Loaded> loading = cache.get(key, (k, executor) -> load(k, context, build)
        .otherwise(failure -> new Loaded(null, Level.MISS, failure))
        .toCompletionStage().toCompletableFuture());
    loading.thenAccept(loaded -> {
      if (loaded.failure() != null) {
        cache.asMap().remove(key, loading);
      }
    });
    return Future.fromCompletionStage(loading, context).compose(loaded -> loaded.failure() == null
        ? Future.succeededFuture(new Lookup(loaded.tile(), loaded.origin()))
        : Future.failedFuture(loaded.failure()));
  }

  /**
   * An older copy of {@code key}'s tile, kept after its data changed or it expired, or null; for
   * answering when the sources cannot. Asked outside the single flight: a stale answer must not be
   * cached as the current tile.
   */
  public CachedTile stale(TileKey key) {
    CachedTile old = stale.getIfPresent(key.unversioned());
    if (old != null) {
      staleServed.increment();
    }
    return old;
  }

  /** L2, then the build; a built tile is written to L2 in the background. */
  private Future<Loaded> load(TileKey key, Context context, Function<TileKey, Future<CachedTile>> build) {
    // Back onto the caller's context: build() may need it, and L2 replies arrive on the client's.
    return Future.fromCompletionStage(l2.get(key).toCompletionStage(), context).compose(shared -> {
      if (shared != null) {
        return Future.succeededFuture(new Loaded(shared, Level.L2));
      }
      return build.apply(key).map(tile -> {
        l2.put(key, tile);
        return new Loaded(tile, Level.MISS);
      });
    });
  }

  /** True when L1 has {@code key}, built or being built (L2 is not asked). */
  public boolean holds(TileKey key) {
    return config.maxSizeMb() > 0 && cache.getIfPresent(key) != null;
  }

  /**
   * Drops the L1 entries of {@code source}'s tiles at {@code coords}, every filtered variant and
   * composite included (one pass over the keys). A data change gives these tiles a new version, so
   * the entries would never be read again; dropping them frees their memory at once.
   */
  public void dropTiles(String source, Set<TileCoord> coords) {
    cache.synchronous().invalidateAll(cache.synchronous().asMap().keySet().stream()
        .filter(k -> coords.contains(k.coord()) && k.includesSource(source)).toList());
  }

  /** Drops every L1 entry of {@code source} (L2 entries of its old version age out by TTL). */
  public void dropSource(String source) {
    cache.synchronous().invalidateAll(
        cache.synchronous().asMap().keySet().stream().filter(k -> k.includesSource(source)).toList());
  }

  /** L1 hits / lookups since start (0 before any lookup). */
  public double hitRate() {
    return cache.synchronous().stats().hitRate();
  }

  /** L1 lookups since start. */
  public long requestCount() {
    return cache.synchronous().stats().requestCount();
  }

  /** The L2's state for {@code /ready}. */
  public L2Status l2Status() {
    return l2.status();
  }

  public long size() {
    return cache.synchronous().estimatedSize();
  }

  /** Bytes held, as the weigher counts them. */
  public long weightedBytes() {
    return cache.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  /** Runs pending evictions now (Caffeine does them lazily). */
  public void cleanUp() {
    cache.synchronous().cleanUp();
  }
}
