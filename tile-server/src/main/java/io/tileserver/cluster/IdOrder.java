package io.tileserver.cluster;

/**
 * The rows of a main {@link ClusterIndex} in ascending id order: one int per row (4 bytes a point),
 * searched by bisection through the index's id column. A live index uses it to find the row a
 * changed id occupies. Built once per main by a radix sort of the ids, or — after a merge — by
 * merging the old order with the delta's, which needs no sort. Immutable.
 */
final class IdOrder {
  private final int[] rows;

  IdOrder(int[] rows) {
    this.rows = rows;
  }

  /** Sorts the index's rows by id ({@link KeySorter} over ids with the sign bit flipped). */
  static IdOrder of(ClusterIndex index) {
    long[] ids = new long[index.size];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = index.id(i) ^ Long.MIN_VALUE;
    }
    return new IdOrder(KeySorter.sort(ids, ids.length).order());
  }

  /** The row holding {@code id} in {@code index} (the index this order was built for), or -1. */
  int find(ClusterIndex index, long id) {
    int lo = 0;
    int hi = rows.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long at = index.id(rows[mid]);
      if (at < id) {
        lo = mid + 1;
      } else if (at > id) {
        hi = mid - 1;
      } else {
        return rows[mid];
      }
    }
    return -1;
  }

  int size() {
    return rows.length;
  }

  /** The {@code i}-th row in id order. */
  int row(int i) {
    return rows[i];
  }
}
