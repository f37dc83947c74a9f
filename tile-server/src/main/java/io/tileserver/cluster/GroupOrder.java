package io.tileserver.cluster;

import java.util.Arrays;

/**
 * The rows of each {@link LowZoomOrder} group sorted by price (NULL first), with the running sums of
 * X, Y, price and priced rows at every {@value #CHUNK}th position of each group ("anchors") and the
 * price there. A price range is then one run of a group, found from the group's extremes or by a
 * binary search over its anchors and one chunk, and its sums are two anchors apart less or plus at
 * most {@value #CHUNK}/2 rows at each end; a whole group is two anchors. Group {@code g} holds
 * positions {@code [start[g], start[g + 1])}, its anchors are {@code anchor[g] .. anchor[g + 1] - 1},
 * and the anchor after a group's last is the next group's first. About 5.2 bytes a point. Immutable.
 */
final class GroupOrder {
  static final int CHUNK_BITS = 5;
  static final int CHUNK = 1 << CHUNK_BITS;

  /** Main rows in this order. */
  final int[] rows;
  private final int[] start;
  private final int[] anchor;
  /** Running sums over positions before each anchor. */
  private final long[] sumX;
  private final long[] sumY;
  private final long[] sumPrice;
  private final int[] priced;
  private final int[] anchorValue;
  /**
   * Per chunk (anchor), its least and greatest sqft as {@link #sqftCode}s: a sqft range beside other
   * columns takes or refuses a whole chunk without reading its rows. 0.13 bytes a point.
   */
  private final char[] chunkLeastSqft;
  private final char[] chunkGreatestSqft;
  /** Per group: its first priced position, and its least and greatest price (none: MAX_VALUE, -1). */
  private final int[] firstValued;
  private final int[] groupLeast;
  private final int[] groupGreatest;
  private final long[] keys;
  private final int[] prices;

  /**
   * Sorts each group of {@code grouped} (main rows, group by group) by price.
   *
   * @param scratch at least {@code keys.length} longs, overwritten
   */
  GroupOrder(int[] grouped, int[] start, int[] anchor, long[] keys, int[] prices, int[] sqfts, long[] scratch) {
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
        scratch[p] = (long) (prices[row] + 1) << 31 | row;
      }
      Arrays.sort(scratch, start[g], start[g + 1]);
      for (int p = start[g]; p < start[g + 1]; p++) {
        rows[p] = (int) (scratch[p] & Integer.MAX_VALUE);
      }
    }
    firstValued = new int[groups];
    groupLeast = new int[groups];
    groupGreatest = new int[groups];
    for (int g = 0; g < groups; g++) {
      int p = start[g];
      while (p < start[g + 1] && prices[rows[p]] < 0) {
        p++;
      }
      firstValued[g] = p;
      groupLeast[g] = p < start[g + 1] ? prices[rows[p]] : Integer.MAX_VALUE;
      groupGreatest[g] = prices[rows[start[g + 1] - 1]];
    }
    int anchors = anchor[groups] + 1;
    sumX = new long[anchors];
    sumY = new long[anchors];
    sumPrice = new long[anchors];
    priced = new int[anchors];
    anchorValue = new int[anchors];
    chunkLeastSqft = new char[anchors];
    chunkGreatestSqft = new char[anchors];
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
          anchorValue[k] = prices[rows[p]];
          chunkLeastSqft[k] = Character.MAX_VALUE;
          k++;
        }
        int row = rows[p];
        char code = sqftCode(sqfts[row]);
        chunkLeastSqft[k - 1] = (char) Math.min(chunkLeastSqft[k - 1], code);
        chunkGreatestSqft[k - 1] = (char) Math.max(chunkGreatestSqft[k - 1], code);
        sx += MortonKey.x(keys[row]);
        sy += MortonKey.y(keys[row]);
        int price = prices[row];
        if (price >= 0) {
          sp += price;
          pc++;
        }
      }
    }
    sumX[k] = sx;
    sumY[k] = sy;
    sumPrice[k] = sp;
    priced[k] = pc;
  }

  /**
   * The first position of group {@code g} whose price is ≥ {@code value} (the group's end when none
   * is), for {@code value ≥ 0}. A group wholly above or below the value answers from its extremes;
   * otherwise a binary search over the anchors leaves one chunk, whose rows are counted rather than
   * bisected: their loads do not wait for each other.
   */
  int first(int g, long value) {
    if (value <= groupLeast[g]) {
      return firstValued[g];
    }
    if (value > groupGreatest[g]) {
      return start[g + 1];
    }
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
    int from = start[g] + ((lo - 1 - anchor[g]) << CHUNK_BITS) + 1;
    int to = Math.min(start[g + 1], from - 1 + CHUNK);
    int below = 0;
    for (int i = from; i < to; i++) {
      below += (int) ((prices[rows[i]] - value) >>> 63);
    }
    return from + below;
  }

  /** Adds positions {@code [a, b)} of group {@code g}, every row counted (dead ones too). */
  void addRun(int g, int a, int b, CellAccumulator acc) {
    acc.count += b - a;
    addPrefix(g, b, 1, acc);
    addPrefix(g, a, -1, acc);
    acc.lastRow = rows[b - 1];
    int p = a;
    if (prices[rows[p]] < 0) {
      p = firstPriced(a, b);
    }
    if (p < b) {
      acc.minPrice = Math.min(acc.minPrice, prices[rows[p]]);
    }
    acc.maxPrice = Math.max(acc.maxPrice, prices[rows[b - 1]]);
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

  /**
   * Adds the rows of positions [a, b) of group {@code g} whose sqft lies in [low, high]: a chunk whose
   * sqfts all lie in the range from its sums, one whose sqfts all lie outside not at all, the others
   * row by row (a random read each, through the permutation).
   */
  void addInRange(int g, int a, int b, int[] sqfts, int low, long high, CellAccumulator acc) {
    long codeLow = low + 1L;
    long codeHigh = high + 1;
    int k = anchor[g] + ((a - start[g]) >>> CHUNK_BITS);
    for (int p = a; p < b; k++) {
      int end = Math.min(b, start[g] + ((k - anchor[g] + 1) << CHUNK_BITS));
      char least = chunkLeastSqft[k];
      char greatest = chunkGreatestSqft[k];
      boolean clamped = greatest == Character.MAX_VALUE;
      if (!clamped && least >= codeLow && greatest <= codeHigh) {
        addRun(g, p, end, acc);
      } else if ((clamped || greatest >= codeLow) && least <= codeHigh) {
        for (int i = p; i < end; i++) {
          int row = rows[i];
          int v = sqfts[row];
          if (v >= low && v <= high) {
            add(row, acc);
          }
        }
      }
      p = end;
    }
  }

  /**
   * A sqft as a chunk bound: NULL 0, below any range (ranges start at 0); others one more, up to
   * {@code Character.MAX_VALUE}, which stands for that and anything larger, so a chunk holding one is
   * never taken whole.
   */
  private static char sqftCode(int sqft) {
    return (char) Math.min(Character.MAX_VALUE, (long) sqft + 1);
  }

  private void add(int row, CellAccumulator acc) {
    acc.add(keys[row], prices[row], row);
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
      add(row, acc);
    }
  }

  /**
   * The least and greatest price among the live rows of [a, b) that {@code filter} admits: sorted by
   * price, they are the first such priced row from the start and the first such row from the end, so
   * each walk stops at its first hit.
   */
  void addLiveExtremes(ClusterIndex main, int a, int b, ClusterFilter filter, Tombstones dead, CellAccumulator acc) {
    for (int i = a; i < b; i++) {
      int row = rows[i];
      if (prices[row] >= 0 && !dead.isDead(row) && filter.matches(main, row)) {
        acc.minPrice = Math.min(acc.minPrice, prices[row]);
        break;
      }
    }
    for (int i = b - 1; i >= a; i--) {
      int row = rows[i];
      if (!dead.isDead(row) && filter.matches(main, row)) {
        acc.maxPrice = Math.max(acc.maxPrice, prices[row]);
        break;
      }
    }
  }

  long bytes() {
    return 4L * rows.length + (8L * 3 + 4 + 4 + 2 + 2) * sumX.length + 12L * firstValued.length;
  }
}
