package io.tileserver.cache;

import io.tileserver.cache.SourceVersions.Change;
import io.tileserver.config.InvalidationConfig;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a data change calls to make tiles fresh: {@link #invalidateTiles} for the tiles it touched,
 * {@link #bumpVersion} for everything of a source. Each allocates a new version
 * ({@link SourceVersions}), applies it here, drops the retired L1 entries, and (with Redis) records
 * and publishes it so every other instance applies it too; then it calls the CDN purge hook with the
 * surrogate keys. The limits of {@link InvalidationConfig} turn a very large tile set into a bump.
 *
 * <p>When Redis cannot record a change, the change is applied here alone (this instance serves
 * fresh tiles at once) and other instances pick up the next change that does get through, or serve
 * the old tiles until their version moves: a change is never lost here because Redis is down.
 */
public final class TileInvalidator {
  private static final Logger LOGGER = LoggerFactory.getLogger(TileInvalidator.class);
  /** Past this many tile keys the CDN is asked to purge the source's key instead. */
  static final int MAX_PURGE_KEYS = 256;

  private final Vertx vertx;
  private final SourceVersions versions;
  private final TileCache cache;
  private final InvalidationConfig limits;
  private final CdnPurgeHook hook;
  private final VersionStore local;
  private final RedisVersionStore shared;
  private final InvalidationSubscriber subscriber;
  private final long refreshTimer;

  /** What one call did: the source's new current version, and what the CDN hook answered. */
  public record Outcome(String source, long version, boolean bumped, int tiles, String cdnPurge) {}

  private TileInvalidator(Vertx vertx, SourceVersions versions, TileCache cache, InvalidationConfig limits,
      CdnPurgeHook hook, LongSupplier clock, RedisTileCache redis, List<String> sources) {
    this.vertx = vertx;
    this.versions = versions;
    this.cache = cache;
    this.limits = limits;
    this.hook = hook;
    this.local = VersionStore.local(versions, clock);
    if (redis == null) {
      this.shared = null;
      this.subscriber = null;
      this.refreshTimer = -1;
      return;
    }
    this.shared = new RedisVersionStore(redis.config().keyPrefix(), r -> redis.send("ver", r), versions, clock, sources);
    this.subscriber = new InvalidationSubscriber(vertx, redis.newClient(), shared.channel(), this::applyHere,
        this::refresh, redis.config().versionRefreshMs());
    this.refreshTimer = vertx.setPeriodic(redis.config().versionRefreshMs(), id -> refresh());
    subscriber.start();
  }

  /**
   * An invalidator over {@code cache}; versions are shared through {@code l2} when it is Redis, and
   * this process's own otherwise (starting at the current time).
   *
   * @param sources the published source ids, registered in Redis when it knows none of their versions
   */
  public static TileInvalidator create(Vertx vertx, TileCache cache, SharedTileCache l2, InvalidationConfig limits,
      CdnPurgeHook hook, List<String> sources) {
    SourceVersions versions = new SourceVersions(System.currentTimeMillis());
    RedisTileCache redis = l2 instanceof RedisTileCache r ? r : null;
    return new TileInvalidator(vertx, versions, cache, limits, hook, System::currentTimeMillis, redis, sources);
  }

  public SourceVersions versions() {
    return versions;
  }

  /** True when versions come from Redis (they are this process's own before the first read, or without Redis). */
  public boolean shared() {
    return shared != null && shared.loaded();
  }

  /**
   * Retires {@code tiles} of {@code source} in every filtered variant, in L1 and L2 on every
   * instance: they get a new version, so their cache keys change. More tiles than
   * {@code invalidation.max-tiles} at once, or more tracked than {@code max-tracked-tiles}, bump the
   * source's version instead.
   */
  public Future<Outcome> invalidateTiles(String source, Collection<TileCoord> tiles) {
    List<TileCoord> distinct = List.copyOf(new LinkedHashSet<>(tiles));
    if (distinct.isEmpty()) {
      return Future.succeededFuture(new Outcome(source, versions.current(source), false, 0, CdnPurgeHook.NONE));
    }
    if (distinct.size() > limits.maxTiles() || versions.tracked(source) + distinct.size() > limits.maxTrackedTiles()) {
      return bumpVersion(source);
    }
    Future<Change> change = shared == null ? local.tiles(source, distinct)
        : shared.tiles(source, distinct).recover(e -> {
          LOGGER.warn("cannot record the invalidation of {} tile(s) of {} in Redis ({}); applied on this instance only",
              distinct.size(), source, e.toString());
          return local.tiles(source, distinct);
        });
    return change.compose(c -> {
      applyHere(c);
      List<String> keys = distinct.size() > MAX_PURGE_KEYS ? List.of(SurrogateKeys.source(source))
          : distinct.stream().map(coord -> SurrogateKeys.tile(source, coord)).toList();
      return hook.purge(keys).map(cdn -> new Outcome(source, versions.current(source), false, distinct.size(), cdn));
    });
  }

  /** Retires every tile of {@code source}: a new version for all of it. */
  public Future<Outcome> bumpVersion(String source) {
    Future<Change> change = shared == null ? local.bump(source) : shared.bump(source).recover(e -> {
      LOGGER.warn("cannot record the version bump of {} in Redis ({}); applied on this instance only", source,
          e.toString());
      return local.bump(source);
    });
    return change.compose(c -> {
      applyHere(c);
      return hook.purge(List.of(SurrogateKeys.source(source)))
          .map(cdn -> new Outcome(source, versions.current(source), true, 0, cdn));
    });
  }

  /** Applies a change made here or heard from another instance, and drops what it retired from L1. */
  private void applyHere(Change change) {
    if (!versions.apply(change)) {
      return;
    }
    if (change.bump()) {
      cache.dropSource(change.source());
    } else {
      Set<TileCoord> coords = new HashSet<>(change.tiles());
      cache.dropTiles(change.source(), coords);
    }
  }

  private void refresh() {
    shared.refresh().onFailure(e -> LOGGER.debug("version refresh failed: {}", e.toString()));
  }

  /** Completes when versions have been read from Redis once (at once without Redis). */
  public Future<Void> ready() {
    return shared == null || shared.loaded() ? Future.succeededFuture() : shared.refresh();
  }

  public void close() {
    if (subscriber != null) {
      vertx.cancelTimer(refreshTimer);
      subscriber.close();
    }
  }
}
