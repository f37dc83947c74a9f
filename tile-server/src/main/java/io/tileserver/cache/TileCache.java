package io.tileserver.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.tileserver.config.ServerConfig.CacheConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The in-process tile cache (L1): Caffeine bounded by bytes. Concurrent misses for one key share one
 * build (single flight: Caffeine keeps the in-flight future under the key); a failed build is not
 * cached. Tiles outside the configured zoom range bypass it.
 */
public final class TileCache {
  private final AsyncCache<TileKey, CachedTile> cache;
  private final CacheConfig config;

  public TileCache(CacheConfig config, MeterRegistry registry) {
    this.config = config;
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .maximumWeight(config.maxSizeMb() * 1024L * 1024L)
        .recordStats();
    if (config.ttlSeconds() != null) {
      builder.expireAfterWrite(Duration.ofSeconds(config.ttlSeconds()));
    }
    this.cache = builder.<TileKey, CachedTile>weigher((k, v) -> v.weight()).buildAsync();
    CaffeineCacheMetrics.monitor(registry, cache, "tiles_l1");
  }

  /** A lookup's outcome: the tile and whether it was already cached. */
  public record Lookup(CachedTile tile, boolean hit) {}

  /**
   * The cached tile, or the one {@code build} makes (once, however many callers ask at the same
   * time). The returned future completes on {@code context}.
   */
  public Future<Lookup> get(TileKey key, Context context, Function<TileKey, Future<CachedTile>> build) {
    int z = key.coord().z();
    if (config.maxSizeMb() == 0 || z < config.minzoom() || z > config.maxzoom()) {
      return build.apply(key).map(tile -> new Lookup(tile, false));
    }
    CompletableFuture<CachedTile> present = cache.getIfPresent(key);
    if (present != null && present.isDone() && !present.isCompletedExceptionally()) {
      return Future.succeededFuture(new Lookup(present.join(), true));
    }
    CompletableFuture<CachedTile> loading =
        cache.get(key, (k, executor) -> build.apply(k).toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(loading, context).map(tile -> new Lookup(tile, false));
  }

  public void invalidateAll() {
    cache.synchronous().invalidateAll();
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
