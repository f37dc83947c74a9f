package io.tileserver.cluster;

import io.tileserver.tile.TileCoord;

/**
 * The listings themselves for tiles at or beyond the cluster max zoom: the tile's matching rows in
 * key order, at most {@code maxFeatures} of them. Key order is spatially coherent, so a truncated
 * tile loses a corner rather than a random sample — callers should keep max features above what a
 * tile at that zoom holds and watch {@link RowSelection#truncated()}. Over a snapshot with changes,
 * main's live rows and the delta's rows are merged in key order.
 */
public final class TilePoints {
  private TilePoints() {}

  public static void select(ClusterIndex index, TileCoord tile, ClusterFilter filter, int maxFeatures,
      RowSelection out) {
    select(ClusterSnapshot.of(index), tile, filter, maxFeatures, out);
  }

  public static void select(ClusterSnapshot snapshot, TileCoord tile, ClusterFilter filter, int maxFeatures,
      RowSelection out) {
    out.clear(snapshot);
    if (filter.matchesNothing()) {
      return;
    }
    KeyRangeRows rows = new KeyRangeRows(snapshot, filter, MortonKey.interleave(tile.x(), tile.y()), tile.z());
    for (int row = rows.next(); row >= 0; row = rows.next()) {
      if (out.size() == maxFeatures) {
        out.markTruncated();
        return;
      }
      out.add(row);
    }
  }
}
