package io.tileserver.serving;

import io.tileserver.cache.Encoding;
import io.tileserver.cache.SourceVersions;
import io.tileserver.cache.TileKey;
import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import io.tileserver.tile.TileCoord;
import java.util.List;

/**
 * One tile wanted, with every decision about it made once ({@link TileService#request}): which
 * sources, where, with which filters, in which coding the client takes it, and at which data version.
 *
 * @param sourceIds the sources' ids, in request order
 * @param ids the same as one comma list, as cache keys name them
 * @param encoding the negotiated content coding; the tile is sent in it when its variant exists
 * @param stamp the tile's versions: its cache key's, its Last-Modified and the sources' current one
 */
public record TileRequest(List<TileSource> sources, List<String> sourceIds, String ids, TileCoord coord, FilterSet filters, Encoding encoding,
    SourceVersions.Stamp stamp) {

  /** The tile's identity in every cache level. */
  public TileKey key() {
    return new TileKey(ids, coord, filters.canonical(), stamp.tile());
  }
}
