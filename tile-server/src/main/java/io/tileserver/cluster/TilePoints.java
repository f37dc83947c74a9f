package io.tileserver.cluster;

import io.tileserver.tile.TileCoord;

/**
 * The listings themselves for tiles at or beyond the cluster max zoom: the tile's matching rows in
 * key order, at most {@code maxFeatures} of them. Key order is spatially coherent, so a truncated
 * tile loses a corner rather than a random sample — callers should keep max features above what a
 * tile at that zoom holds and watch {@link RowSelection#truncated()}.
 */
public final class TilePoints {
  private TilePoints() {}

  public static void select(ClusterIndex index, TileCoord tile, ClusterFilter filter, int maxFeatures,
      RowSelection out) {
    out.clear();
    if (filter.matchesNothing()) {
      return;
    }
    int to = index.tileEnd(tile);
    for (int row = index.tileStart(tile); row < to; row++) {
      if (filter.matches(index, row)) {
        if (out.size() == maxFeatures) {
          out.markTruncated();
          return;
        }
        out.add(row);
      }
    }
  }
}
