package io.tileserver.cluster;

import io.tileserver.tile.Bounds;

/**
 * What a click on a cluster needs, from its {@link ClusterId} and the request's filters: the zoom at
 * which it breaks apart, the bounding box of its members, and pages of its members ("leaves"). The
 * members are the matching rows of the cluster's cell, a contiguous run of the index.
 */
public final class ClusterExpansion {
  private final ClusterIndex index;
  private final int cellShift;
  private final int maxZoom;

  /** @param maxZoom the zoom from which the source serves listings instead of clusters */
  public ClusterExpansion(CellAggregator aggregator, int maxZoom) {
    this.index = aggregator.index();
    this.cellShift = aggregator.cellShift();
    this.maxZoom = maxZoom;
  }

  /** Does this id name a cell this source's grid produces? Ids come from URLs: check first. */
  public boolean isKnown(long clusterId) {
    return ClusterId.isValid(clusterId) && ClusterId.cellZoom(clusterId) >= cellShift;
  }

  /** The tile zoom whose tiles show this cluster. */
  public int tileZoom(long clusterId) {
    return cellZoom(clusterId) - cellShift;
  }

  /**
   * The smallest zoom above the cluster's where its members fall into two or more cells, at most
   * max zoom; -1 when no member matches. Rows are in key order, so the members split at a zoom
   * exactly when the first and last member do: the highest differing key bit gives the level.
   */
  public int expansionZoom(long clusterId, ClusterFilter filter) {
    int from = start(clusterId);
    int to = end(clusterId);
    int first = from;
    while (first < to && !filter.matches(index, first)) {
      first++;
    }
    if (first == to) {
      return -1;
    }
    int last = to - 1;
    while (!filter.matches(index, last)) {
      last--;
    }
    long differ = index.keys[first] ^ index.keys[last];
    if (differ == 0) {
      return maxZoom;
    }
    int highestBit = 63 - Long.numberOfLeadingZeros(differ);
    int splitCellZoom = MortonKey.BITS - highestBit / 2;
    return Math.min(maxZoom, splitCellZoom - cellShift);
  }

  /** The lon/lat box of the matching members, or null when none matches. */
  public Bounds bounds(long clusterId, ClusterFilter filter) {
    int to = end(clusterId);
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = -1;
    int maxY = -1;
    for (int row = start(clusterId); row < to; row++) {
      if (filter.matches(index, row)) {
        long k = index.keys[row];
        minX = Math.min(minX, MortonKey.x(k));
        maxX = Math.max(maxX, MortonKey.x(k));
        minY = Math.min(minY, MortonKey.y(k));
        maxY = Math.max(maxY, MortonKey.y(k));
      }
    }
    if (maxX < 0) {
      return null;
    }
    return new Bounds(
        WebMercator.lon(MortonKey.fraction(minX)),
        WebMercator.lat(MortonKey.fraction(maxY)),
        WebMercator.lon(MortonKey.fraction(maxX)),
        WebMercator.lat(MortonKey.fraction(minY)));
  }

  /** Skips {@code offset} matching members and selects the next {@code limit}, in key order. */
  public void leaves(long clusterId, ClusterFilter filter, int offset, int limit, RowSelection out) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must be >= 0, were " + offset + " and " + limit);
    }
    out.clear();
    int to = end(clusterId);
    int skipped = 0;
    for (int row = start(clusterId); row < to; row++) {
      if (filter.matches(index, row)) {
        if (skipped < offset) {
          skipped++;
        } else if (out.size() == limit) {
          out.markTruncated();
          return;
        } else {
          out.add(row);
        }
      }
    }
  }

  private int cellZoom(long clusterId) {
    if (!isKnown(clusterId)) {
      throw new IllegalArgumentException("cluster id " + clusterId + " is not one this source produces");
    }
    return ClusterId.cellZoom(clusterId);
  }

  private int start(long clusterId) {
    return index.firstRow(MortonKey.rangeStart(ClusterId.cell(clusterId), cellZoom(clusterId)));
  }

  private int end(long clusterId) {
    return index.firstRow(MortonKey.rangeEnd(ClusterId.cell(clusterId), cellZoom(clusterId)));
  }
}
