package io.tileserver.cluster;

import java.util.Arrays;

/**
 * An index's id column: four bytes a row while every id fits in an int (a serial key below 2^31,
 * the usual case), eight otherwise. The four bytes saved pay for {@link LowZoomOrder}. Filled
 * once, by its builder or a {@link PackedRows}, then only read.
 */
final class RowIds {
  private final int[] narrow;
  private final long[] wide;

  private RowIds(int[] narrow, long[] wide) {
    this.narrow = narrow;
    this.wide = wide;
  }

  /** The first {@code size} ids, narrow when all of them fit. */
  static RowIds of(long[] ids, int size) {
    for (int i = 0; i < size; i++) {
      if (ids[i] != (int) ids[i]) {
        return new RowIds(null, ids.length == size ? ids : Arrays.copyOf(ids, size));
      }
    }
    int[] narrow = new int[size];
    for (int i = 0; i < size; i++) {
      narrow[i] = (int) ids[i];
    }
    return new RowIds(narrow, null);
  }

  /** An empty column of {@code size} rows, wide if any id it will hold may not fit an int. */
  static RowIds allocate(int size, boolean wide) {
    return wide ? new RowIds(null, new long[size]) : new RowIds(new int[size], null);
  }

  long get(int row) {
    return narrow != null ? narrow[row] : wide[row];
  }

  void set(int row, long id) {
    if (narrow != null) {
      narrow[row] = Math.toIntExact(id);
    } else {
      wide[row] = id;
    }
  }

  /** Copies {@code n} ids from {@code source} at {@code from} to this column at {@code at}. */
  void copy(RowIds source, int from, int at, int n) {
    if (narrow != null && source.narrow != null) {
      System.arraycopy(source.narrow, from, narrow, at, n);
    } else if (wide != null && source.wide != null) {
      System.arraycopy(source.wide, from, wide, at, n);
    } else {
      for (int i = 0; i < n; i++) {
        set(at + i, source.get(from + i));
      }
    }
  }

  boolean isWide() {
    return wide != null;
  }

  int bytesPerRow() {
    return narrow != null ? 4 : 8;
  }

  /** The ids as longs, for sorting and set operations on a batch's few rows. */
  long[] toArray(int size) {
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = get(i);
    }
    return ids;
  }
}
