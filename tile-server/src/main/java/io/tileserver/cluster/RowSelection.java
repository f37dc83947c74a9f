package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Row indexes picked from a {@link ClusterSnapshot} (a tile's listings, a page of a cluster's
 * leaves), in key order; reusable like {@link ClusterCells}. {@link #truncated()} says the limit cut
 * it short; {@link #snapshot()} decodes the rows.
 */
public final class RowSelection {
  private int[] rows = new int[256];
  private int size;
  private boolean truncated;
  private ClusterSnapshot snapshot;

  void clear(ClusterSnapshot from) {
    snapshot = from;
    size = 0;
    truncated = false;
  }

  /** The snapshot the rows were selected from. */
  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  /** The listing of the {@code i}-th selected row. */
  public ClusterRow listing(int i) {
    return snapshot.row(row(i));
  }

  void add(int row) {
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, size * 2);
    }
    rows[size++] = row;
  }

  void markTruncated() {
    truncated = true;
  }

  public int size() {
    return size;
  }

  public int row(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i + " of " + size);
    }
    return rows[i];
  }

  /** More rows matched than the limit allowed. */
  public boolean truncated() {
    return truncated;
  }

  public int[] toArray() {
    return Arrays.copyOf(rows, size);
  }
}
