package io.tileserver.source;

import io.tileserver.filter.FilterSet;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;

/**
 * Where tiles come from: a PostGIS table or function, the cluster index, a file. A source answers
 * with uncompressed MVT bytes (empty array = empty tile); caching, compression and HTTP are not its
 * business.
 */
public interface TileSource {
  /** The id in URLs: {@code /tiles/{id}/{z}/{x}/{y}.pbf}. */
  default String id() {
    return info().id();
  }

  /** What TileJSON and the catalog say about this source. */
  SourceInfo info();

  /**
   * The tile at {@code coord} with {@code filters} applied (already validated against
   * {@link SourceInfo#filters()}). Never called for a zoom outside the source's range.
   */
  Future<byte[]> getTile(TileCoord coord, FilterSet filters);

  default boolean isValidZoom(int z) {
    return z >= info().minzoom() && z <= info().maxzoom();
  }
}
