package io.tileserver.cache;

import io.vertx.core.Future;

/**
 * The second cache level, shared by every instance (Redis). Its operations never fail: an outage
 * reads as a miss and a lost write, so a tile request never fails because of it.
 */
public interface SharedTileCache {
  /** No second level: every read misses, writes do nothing. */
  SharedTileCache DISABLED = new SharedTileCache() {
    @Override
    public Future<CachedTile> get(TileKey key) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> put(TileKey key, CachedTile tile) {
      return Future.succeededFuture(false);
    }

    @Override
    public L2Status status() {
      return L2Status.DISABLED;
    }
  };

  /** The cached tile, or null on a miss or when the cache cannot answer. */
  Future<CachedTile> get(TileKey key);

  /** Stores {@code tile}; true when it was stored (false: too big, or the cache cannot answer). */
  Future<Boolean> put(TileKey key, CachedTile tile);

  L2Status status();

  /** Finishes pending writes and lets go of connections. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
