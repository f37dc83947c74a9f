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
   * The tile at {@code coord} with {@code filters} applied: validated, and only those this source
   * declares in {@link SourceInfo#filters()} (every one of the request for a
   * {@link SourceInfo#passThroughQuery()} function). Never called for a zoom outside the source's range. Work still
   * waiting (for a connection, a worker) when {@code deadline} passes is not started; the future
   * then fails with {@link DeadlineExceededException}.
   */
  Future<byte[]> getTile(TileCoord coord, FilterSet filters, Deadline deadline);

  /**
   * The tile as {@link #getTile} gives it, with its stored compressed bytes when this source keeps
   * tiles compressed (then it overrides this); what the tile service asks for.
   */
  default Future<SourceTile> getSourceTile(TileCoord coord, FilterSet filters, Deadline deadline) {
    return getTile(coord, filters, deadline).map(SourceTile::of);
  }

  /**
   * True for a source answering from memory: its tiles are compressed on the {@code cluster} lane
   * of {@link WorkerLanes}, never queued behind the compression of database tiles.
   */
  default boolean inMemory() {
    return false;
  }

  default boolean isValidZoom(int z) {
    return z >= info().minzoom() && z <= info().maxzoom();
  }
}
