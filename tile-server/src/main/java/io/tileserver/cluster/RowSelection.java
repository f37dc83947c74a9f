package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Row indexes picked from a {@link ClusterIndex} (a tile's listings, a page of a cluster's leaves),
 * in key order; reusable like {@link ClusterCells}. {@link #truncated()} says the limit cut it short.
 */
public final class RowSelection {
  private int[] rows = new int[256];
  private int size;
  private boolean truncated;

  void clear() {
    size = 0;
    truncated = false;
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
