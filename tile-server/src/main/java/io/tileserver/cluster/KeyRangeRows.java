package io.tileserver.cluster;

/**
 * Walks the matching live rows of one quadtree node (a tile or a cell) of a snapshot in key order:
 * main's run minus its dead rows merged with the delta's run, as snapshot row numbers. For the
 * occasional walk (listings of a deep tile, a cluster's leaves); scans use {@link CellAggregator}.
 */
final class KeyRangeRows {
  private final ClusterSnapshot snapshot;
  private final ClusterFilter filter;
  private final int mainEnd;
  private final int deltaEnd;
  private int mainRow;
  private int deltaRow;

  KeyRangeRows(ClusterSnapshot snapshot, ClusterFilter filter, long node, int zoom) {
    this.snapshot = snapshot;
    this.filter = filter;
    long start = MortonKey.rangeStart(node, zoom);
    long end = MortonKey.rangeEnd(node, zoom);
    mainRow = snapshot.main.firstRow(start);
    mainEnd = snapshot.main.firstRow(end);
    deltaRow = snapshot.delta.firstRow(start);
    deltaEnd = snapshot.delta.firstRow(end);
    mainRow = nextMain(mainRow);
    deltaRow = nextDelta(deltaRow);
  }

  /** The next matching row (main first on equal keys), or -1 when the node is exhausted. */
  int next() {
    boolean mainLeft = mainRow < mainEnd;
    boolean deltaLeft = deltaRow < deltaEnd;
    if (!mainLeft && !deltaLeft) {
      return -1;
    }
    if (mainLeft && (!deltaLeft || snapshot.main.keys[mainRow] <= snapshot.delta.keys[deltaRow])) {
      int row = mainRow;
      mainRow = nextMain(mainRow + 1);
      return row;
    }
    int row = deltaRow;
    deltaRow = nextDelta(deltaRow + 1);
    return snapshot.main.size + row;
  }

  /** First matching live main row at or after {@code row} in the node, or the run's end. */
  private int nextMain(int row) {
    ClusterIndex main = snapshot.main;
    Tombstones dead = snapshot.dead;
    while (row < mainEnd && (dead.isDead(row) || !filter.matches(main, row))) {
      row++;
    }
    return row;
  }

  private int nextDelta(int row) {
    while (row < deltaEnd && !filter.matches(snapshot.delta, row)) {
      row++;
    }
    return row;
  }
}
