package io.tileserver.cluster;

import java.util.Arrays;

/**
 * The rows of each {@link LowZoomOrder} group sorted by one int column (price or sqft, NULL first),
 * with the running sums of X, Y, price and priced rows at every {@value #CHUNK}th position of each
 * group ("anchors"), the sort value at each anchor, and — when the column is not the price — each
 * chunk's least and greatest price. A range on the column is then one run of a group, found by a
 * binary search over the anchors and a few rows, and its sums are two anchors apart less or plus at
 * most {@value #CHUNK}/2 rows at each end; a whole group is two anchors. Positions are shared by
 * every order: group {@code g} holds positions {@code [start[g], start[g + 1])}, its anchors are
 * {@code anchor[g] .. anchor[g + 1] - 1}, and the anchor after a group's last is the next group's
 * first. Immutable.
 */
final class GroupOrder {
  static final int CHUNK_BITS = 5;
  static final int CHUNK = 1 << CHUNK_BITS;

  /** Main rows in this order. */
  final int[] rows;
  /** The sort column, by row: the index's prices or sqfts (-1 for NULL). */
  private final int[] values;
  private final boolean byPrice;
  private final int[] start;
  private final int[] anchor;
  /** Running sums over positions before each anchor. */
  private final long[] sumX;
  private final long[] sumY;
  private final long[] sumPrice;
  private final int[] priced;
  private final int[] anchorValue;
  /** Least priced and greatest price of each chunk (from one anchor to the next); null when sorted by price. */
  private final int[] chunkMin;
  private final int[] chunkMax;
  private final long[] keys;
  private final int[] prices;

  /**
   * Sorts each group of {@code grouped} (main rows, group by group) by {@code values}.
   *
   * @param scratch at least {@code keys.length} longs, overwritten
   */
  GroupOrder(int[] grouped, int[] start, int[] anchor, int[] values, long[] keys, int[] prices, long[] scratch) {
    this.values = values;
    this.byPrice = values == prices;
    this.start = start;
    this.anchor = anchor;
    this.keys = keys;
    this.prices = prices;
    int groups = start.length - 1;
    int size = start[groups];
    rows = new int[size];
    for (int g = 0; g < groups; g++) {
      for (int p = start[g]; p < start[g + 1]; p++) {
        int row = grouped[p];
        scratch[p] = (long) (values[row] + 1) << 31 | row;
      }
      Arrays.sort(scratch, start[g], start[g + 1]);
      for (int p = start[g]; p < start[g + 1]; p++) {
        rows[p] = (int) (scratch[p] & Integer.MAX_VALUE);
      }
    }
    int anchors = anchor[groups] + 1;
    sumX = new long[anchors];
    sumY = new long[anchors];
    sumPrice = new long[anchors];
    priced = new int[anchors];
    anchorValue = new int[anchors];
    chunkMin = byPrice ? null : new int[anchors];
    chunkMax = byPrice ? null : new int[anchors];
    long sx = 0;
    long sy = 0;
    long sp = 0;
    int pc = 0;
    int k = 0;
    for (int g = 0; g < groups; g++) {
      for (int p = start[g]; p < start[g + 1]; p++) {
        if (((p - start[g]) & (CHUNK - 1)) == 0) {
          sumX[k] = sx;
          sumY[k] = sy;
          sumPrice[k] = sp;
          priced[k] = pc;
          anchorValue[k] = values[rows[p]];
          if (!byPrice) {
            chunkMin[k] = Integer.MAX_VALUE;
            chunkMax[k] = -1;
          }
          k++;
        }
        int row = rows[p];
        sx += MortonKey.x(keys[row]);
        sy += MortonKey.y(keys[row]);
        int price = prices[row];
        if (price >= 0) {
          sp += price;
          pc++;
          if (!byPrice) {
            chunkMin[k - 1] = Math.min(chunkMin[k - 1], price);
          }
        }
        if (!byPrice) {
          chunkMax[k - 1] = Math.max(chunkMax[k - 1], price);
        }
      }
    }
    sumX[k] = sx;
    sumY[k] = sy;
    sumPrice[k] = sp;
    priced[k] = pc;
  }

  /** The first position of group {@code g} whose value is ≥ {@code value} (the group's end when none is). */
  int first(int g, long value) {
    int lo = anchor[g];
    int hi = anchor[g + 1];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (anchorValue[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    // Anchor lo is the first at or above the value: the answer lies after the anchor before it.
    if (lo == anchor[g]) {
      return start[g];
    }
    int from = start[g] + ((lo - 1 - anchor[g]) << CHUNK_BITS) + 1;
    int to = Math.min(start[g + 1], from - 1 + CHUNK);
    while (from < to) {
      int mid = (from + to) >>> 1;
      if (values[rows[mid]] < value) {
        from = mid + 1;
      } else {
        to = mid;
      }
    }
    return from;
  }

  /** Adds positions {@code [a, b)} of group {@code g}, every row counted (dead ones too). */
  void addRun(int g, int a, int b, CellAccumulator acc) {
    acc.count += b - a;
    addPrefix(g, b, 1, acc);
    addPrefix(g, a, -1, acc);
    acc.lastRow = rows[b - 1];
    if (byPrice) {
      int p = a;
      if (prices[rows[p]] < 0) {
        p = firstPriced(a, b);
      }
      if (p < b) {
        acc.minPrice = Math.min(acc.minPrice, prices[rows[p]]);
      }
      acc.maxPrice = Math.max(acc.maxPrice, prices[rows[b - 1]]);
    } else {
      addChunkExtremes(g, a, b, acc);
    }
  }

  /** First position in [a, b) with a price, sorted by price. */
  private int firstPriced(int a, int b) {
    int lo = a;
    int hi = b;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (prices[rows[mid]] < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Running sums at position {@code p} of group {@code g}, times {@code sign}, from the nearer anchor. */
  private void addPrefix(int g, int p, int sign, CellAccumulator acc) {
    int offset = p - start[g];
    int k = anchor[g] + (offset >>> CHUNK_BITS);
    int before = p - (offset & (CHUNK - 1));
    int after = Math.min(before + CHUNK, start[g + 1]);
    long sx;
    long sy;
    long sp;
    long pc;
    if (p - before <= after - p) {
      sx = sumX[k];
      sy = sumY[k];
      sp = sumPrice[k];
      pc = priced[k];
      for (int i = before; i < p; i++) {
        int row = rows[i];
        long key = keys[row];
        int price = prices[row];
        sx += MortonKey.x(key);
        sy += MortonKey.y(key);
        sp += Math.max(0, price);
        pc += ~price >>> 31;
      }
    } else {
      sx = sumX[k + 1];
      sy = sumY[k + 1];
      sp = sumPrice[k + 1];
      pc = priced[k + 1];
      for (int i = p; i < after; i++) {
        int row = rows[i];
        long key = keys[row];
        int price = prices[row];
        sx -= MortonKey.x(key);
        sy -= MortonKey.y(key);
        sp -= Math.max(0, price);
        pc -= ~price >>> 31;
      }
    }
    acc.sumX += sign * sx;
    acc.sumY += sign * sy;
    acc.sumPrice += sign * sp;
    acc.pricedRows += sign * pc;
  }

  /** Price extremes of [a, b) of group {@code g}: whole chunks from their extremes, the ends row by row. */
  private void addChunkExtremes(int g, int a, int b, CellAccumulator acc) {
    int min = acc.minPrice;
    int max = acc.maxPrice;
    int firstChunk = (a - start[g] + CHUNK - 1) >>> CHUNK_BITS;
    int lastChunk = (b - start[g]) >>> CHUNK_BITS;
    if (firstChunk >= lastChunk) {
      for (int i = a; i < b; i++) {
        int price = prices[rows[i]];
        min = price < 0 ? min : Math.min(min, price);
        max = Math.max(max, price);
      }
    } else {
      for (int i = a, end = start[g] + (firstChunk << CHUNK_BITS); i < end; i++) {
        int price = prices[rows[i]];
        min = price < 0 ? min : Math.min(min, price);
        max = Math.max(max, price);
      }
      for (int k = anchor[g] + firstChunk, end = anchor[g] + lastChunk; k < end; k++) {
        min = Math.min(min, chunkMin[k]);
        max = Math.max(max, chunkMax[k]);
      }
      for (int i = start[g] + (lastChunk << CHUNK_BITS); i < b; i++) {
        int price = prices[rows[i]];
        min = price < 0 ? min : Math.min(min, price);
        max = Math.max(max, price);
      }
    }
    acc.minPrice = min;
    acc.maxPrice = max;
  }

  /**
   * Adds the rows of positions [a, b) that {@code filter} admits, one by one; with {@code dead},
   * only live ones. For runs the order alone cannot settle (a range on another column too) and for
   * the rare exact recount.
   */
  void addMatching(ClusterIndex main, int a, int b, ClusterFilter filter, Tombstones dead, CellAccumulator acc) {
    for (int i = a; i < b; i++) {
      int row = rows[i];
      if ((dead != null && dead.isDead(row)) || !filter.matches(main, row)) {
        continue;
      }
      long key = keys[row];
      int price = prices[row];
      acc.count++;
      acc.sumX += MortonKey.x(key);
      acc.sumY += MortonKey.y(key);
      if (price >= 0) {
        acc.sumPrice += price;
        acc.pricedRows++;
        acc.minPrice = Math.min(acc.minPrice, price);
      }
      acc.maxPrice = Math.max(acc.maxPrice, price);
      acc.lastRow = row;
    }
  }

  /**
   * The least and greatest price among the live rows of [a, b) that {@code filter} admits. Sorted by
   * price and with every row admitted, that is the first and last live priced positions.
   */
  void addLiveExtremes(ClusterIndex main, int a, int b, ClusterFilter filter, boolean everyRow, Tombstones dead,
      CellAccumulator acc) {
    if (!byPrice || !everyRow) {
      int min = acc.minPrice;
      int max = acc.maxPrice;
      for (int i = a; i < b; i++) {
        int row = rows[i];
        if (!dead.isDead(row) && filter.matches(main, row)) {
          int price = prices[row];
          min = price < 0 ? min : Math.min(min, price);
          max = Math.max(max, price);
        }
      }
      acc.minPrice = min;
      acc.maxPrice = max;
      return;
    }
    for (int i = a; i < b; i++) {
      int row = rows[i];
      if (prices[row] >= 0 && !dead.isDead(row)) {
        acc.minPrice = Math.min(acc.minPrice, prices[row]);
        break;
      }
    }
    for (int i = b - 1; i >= a; i--) {
      int row = rows[i];
      if (!dead.isDead(row)) {
        acc.maxPrice = Math.max(acc.maxPrice, prices[row]);
        break;
      }
    }
  }

  long bytes() {
    return 4L * rows.length + (8L * 3 + 4 + 4 + (byPrice ? 0 : 8)) * sumX.length;
  }
}
