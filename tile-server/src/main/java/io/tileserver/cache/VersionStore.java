package io.tileserver.cache;

import io.tileserver.cache.SourceVersions.Change;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where new versions are allocated and recorded: in this process alone, or in Redis so every
 * instance agrees on them ({@link RedisVersionStore}). The returned change has not been applied to
 * the local {@link SourceVersions} yet; the caller applies it.
 */
interface VersionStore {
  /** A new version for the whole of {@code source}. */
  Future<Change> bump(String source);

  /** A new version for {@code tiles} of {@code source}. */
  Future<Change> tiles(String source, List<TileCoord> tiles);

  /** Versions allocated here: the next millisecond after the source's current version, at least now. */
  static VersionStore local(SourceVersions versions, LongSupplier clock) {
    return new VersionStore() {
      @Override
      public Future<Change> bump(String source) {
        return Future.succeededFuture(new Change(source, versions.next(source, clock.getAsLong()), null));
      }

      @Override
      public Future<Change> tiles(String source, List<TileCoord> tiles) {
        return Future.succeededFuture(new Change(source, versions.next(source, clock.getAsLong()), tiles));
      }
    };
  }
}
