package io.tileserver.cluster;

import io.tileserver.tile.Bounds;
import io.tileserver.tile.WebMercator;

/**
 * What a click on a cluster needs, from its {@link ClusterId} and the request's filters: the zoom at
 * which it breaks apart, the bounding box of its members, and pages of its members ("leaves"). The
 * members are the matching live rows of the cluster's cell: a contiguous run of main (minus its dead
 * rows) and one of the delta. The methods without a snapshot read the aggregator's fixed index.
 */
public final class ClusterExpansion {
  private final ClusterSnapshot fixed;
  private final int cellShift;
  private final int maxZoom;

  /** @param maxZoom the zoom from which the source serves listings instead of clusters */
  public ClusterExpansion(CellAggregator aggregator, int maxZoom) {
    this.fixed = aggregator.index() == null ? null : ClusterSnapshot.of(aggregator.index());
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

  public int expansionZoom(long clusterId, ClusterFilter filter) {
    return expansionZoom(fixed(), clusterId, filter);
  }

  /**
   * The smallest zoom above the cluster's where its members fall into two or more cells, at most
   * max zoom; -1 when no member matches. Rows are in key order, so the members split at a zoom
   * exactly when the first and last member do: the highest differing key bit gives the level.
   */
  public int expansionZoom(ClusterSnapshot snapshot, long clusterId, ClusterFilter filter) {
    int zoom = cellZoom(clusterId);
    long cell = ClusterId.cell(clusterId);
    long start = MortonKey.rangeStart(cell, zoom);
    long end = MortonKey.rangeEnd(cell, zoom);
    ClusterIndex main = snapshot.main;
    ClusterIndex delta = snapshot.delta;
    int mainFrom = main.firstRow(start);
    int mainTo = main.firstRow(end);
    int deltaFrom = delta.firstRow(start);
    int deltaTo = delta.firstRow(end);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int row = mainFrom; row < mainTo; row++) {
      if (!snapshot.dead.isDead(row) && filter.matches(main, row)) {
        first = main.keys[row];
        break;
      }
    }
    for (int row = mainTo - 1; row >= mainFrom; row--) {
      if (!snapshot.dead.isDead(row) && filter.matches(main, row)) {
        last = main.keys[row];
        break;
      }
    }
    for (int row = deltaFrom; row < deltaTo; row++) {
      if (filter.matches(delta, row)) {
        first = Math.min(first, delta.keys[row]);
        break;
      }
    }
    for (int row = deltaTo - 1; row >= deltaFrom; row--) {
      if (filter.matches(delta, row)) {
        last = Math.max(last, delta.keys[row]);
        break;
      }
    }
    if (first == Long.MAX_VALUE) {
      return -1;
    }
    long differ = first ^ last;
    if (differ == 0) {
      return maxZoom;
    }
    int highestBit = 63 - Long.numberOfLeadingZeros(differ);
    int splitCellZoom = MortonKey.BITS - highestBit / 2;
    return Math.min(maxZoom, splitCellZoom - cellShift);
  }

  public Bounds bounds(long clusterId, ClusterFilter filter) {
    return bounds(fixed(), clusterId, filter);
  }

  /** The lon/lat box of the matching members, or null when none matches. */
  public Bounds bounds(ClusterSnapshot snapshot, long clusterId, ClusterFilter filter) {
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = -1;
    int maxY = -1;
    KeyRangeRows rows = members(snapshot, clusterId, filter);
    for (int row = rows.next(); row >= 0; row = rows.next()) {
      long k = snapshot.key(row);
      minX = Math.min(minX, MortonKey.x(k));
      maxX = Math.max(maxX, MortonKey.x(k));
      minY = Math.min(minY, MortonKey.y(k));
      maxY = Math.max(maxY, MortonKey.y(k));
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

  public void leaves(long clusterId, ClusterFilter filter, int offset, int limit, RowSelection out) {
    leaves(fixed(), clusterId, filter, offset, limit, out);
  }

  /** Skips {@code offset} matching members and selects the next {@code limit}, in key order. */
  public void leaves(ClusterSnapshot snapshot, long clusterId, ClusterFilter filter, int offset, int limit,
      RowSelection out) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must be >= 0, were " + offset + " and " + limit);
    }
    out.clear(snapshot);
    KeyRangeRows rows = members(snapshot, clusterId, filter);
    int skipped = 0;
    for (int row = rows.next(); row >= 0; row = rows.next()) {
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

  private KeyRangeRows members(ClusterSnapshot snapshot, long clusterId, ClusterFilter filter) {
    return new KeyRangeRows(snapshot, filter, ClusterId.cell(clusterId), cellZoom(clusterId));
  }

  private ClusterSnapshot fixed() {
    if (fixed == null) {
      throw new IllegalStateException("this expansion has no fixed index; pass a snapshot");
    }
    return fixed;
  }

  private int cellZoom(long clusterId) {
    if (!isKnown(clusterId)) {
      throw new IllegalArgumentException("cluster id " + clusterId + " is not one this source produces");
    }
    return ClusterId.cellZoom(clusterId);
  }
}
