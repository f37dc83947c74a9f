package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Main's rows within each quadtree node at zoom {@value LowZoomOrder#LEVEL} grouped by bedrooms alone
 * and sorted by price, with prefix sums per block of {@value #BLOCK}: the map's usual filters (price
 * and bedrooms) select one run per bedroom group, two binary searches each, over ~2,000 groups for
 * 10M listings. {@link LowZoomOrder}'s finer groups answer every other filter, but a price range
 * alone would cost a search in each of their ~37,000 groups (15 ms for a z0 tile, against 0.35 ms
 * here), hence this coarser order beside them.
 *
 * <p>About 4.2 bytes per point (the permutation plus the block sums), 8 bytes a point of scratch while
 * it builds. Immutable and thread-safe.
 */
final class PriceByBedrooms {
  private static final int LEVEL = LowZoomOrder.LEVEL;
  static final int BLOCK_BITS = 7;
  static final int BLOCK = 1 << BLOCK_BITS;
  private static final int NODE_SHIFT = 2 * (MortonKey.BITS - LEVEL);

  /** Main rows in this order. */
  final int[] rows;
  /** Per group (ascending node, then bedrooms): its node's Morton code at LEVEL, its bedrooms, its first position. */
  private final int[] groupNode;
  private final byte[] groupBeds;
  private final int[] groupStart;
  /** Prefix sums over positions, per block: X, Y, and the non-NULL prices. */
  private final long[] sumX;
  private final long[] sumY;
  private final long[] sumPrice;
  private final long[] keys;
  private final int[] prices;

  PriceByBedrooms(long[] keys, int[] prices, byte[] bedrooms, int size) {
    this.keys = keys;
    this.prices = prices;
    long[] byPrice = new long[size];
    GroupDirectory groups = new GroupDirectory();
    for (int start = 0; start < size; ) {
      int node = (int) (keys[start] >>> NODE_SHIFT);
      int end = CellAggregator.gallop(keys, (long) (node + 1) << NODE_SHIFT, start + 1, size);
      order(prices, bedrooms, start, end, node, byPrice, groups);
      start = end;
    }
    groupNode = Arrays.copyOf(groups.node, groups.count);
    groupBeds = new byte[groups.count];
    for (int g = 0; g < groups.count; g++) {
      groupBeds[g] = (byte) groups.tag[g];
    }
    groupStart = groups.starts(size);
    rows = new int[size];
    for (int i = 0; i < size; i++) {
      rows[i] = (int) (byPrice[i] & Integer.MAX_VALUE);
    }
    int blocks = size >>> BLOCK_BITS;
    sumX = new long[blocks + 1];
    sumY = new long[blocks + 1];
    sumPrice = new long[blocks + 1];
    CellAccumulator block = new CellAccumulator();
    for (int b = 0; b < blocks; b++) {
      block.reset();
      addRows(b << BLOCK_BITS, (b + 1) << BLOCK_BITS, block);
      sumX[b + 1] = sumX[b] + block.sumX;
      sumY[b + 1] = sumY[b] + block.sumY;
      sumPrice[b + 1] = sumPrice[b] + block.sumPrice;
    }
  }

  /**
   * Orders the node's rows {@code [start, end)} by bedrooms (a stable counting sort over the 256
   * byte values, NULL first) and each bedroom group by price, packing (price + 1, row) into one
   * long so a primitive sort does it; lists each bedroom group in {@code groups}.
   */
  private static void order(int[] prices, byte[] bedrooms, int start, int end, int node, long[] byPrice,
      GroupDirectory groups) {
    int[] at = new int[257];
    for (int i = start; i < end; i++) {
      at[((bedrooms[i] + 1) & 0xFF) + 1]++;
    }
    for (int v = 0; v < 256; v++) {
      if (at[v + 1] > 0) {
        groups.add(node, (byte) (v - 1), start + at[v]);
      }
      at[v + 1] += at[v];
    }
    int[] next = Arrays.copyOf(at, 256);
    for (int i = start; i < end; i++) {
      byPrice[start + next[(bedrooms[i] + 1) & 0xFF]++] = i;
    }
    for (int v = 0; v < 256; v++) {
      int from = start + at[v];
      int to = start + at[v + 1];
      for (int p = from; p < to; p++) {
        int row = (int) byPrice[p];
        byPrice[p] = (long) (prices[row] + 1) << 31 | row;
      }
      Arrays.sort(byPrice, from, to);
    }
  }


  /**
   * Adds to {@code acc} the rows of the nodes at {@value LowZoomOrder#LEVEL} {@code [nodeFrom, nodeTo)}
   * (one cell) that {@code filter} admits, every row counted (dead ones too); {@code filter} tests
   * price and bedrooms only ({@link ClusterFilter#testsOnlyPriceAndBedrooms}).
   */
  void addNodes(int nodeFrom, int nodeTo, ClusterFilter filter, CellAccumulator acc) {
    visit(nodeFrom, nodeTo, filter, null, acc);
  }

  /**
   * Adds to {@code acc} the least and greatest price among the live rows of the same cell that
   * {@code filter} admits: in each admitted run, sorted by price, the first live priced row and the
   * last live one.
   */
  void addLiveExtremes(int nodeFrom, int nodeTo, ClusterFilter filter, Tombstones dead, CellAccumulator acc) {
    visit(nodeFrom, nodeTo, filter, dead, acc);
  }

  /**
   * How many rows of the nodes at {@value LowZoomOrder#LEVEL} {@code [nodeFrom, nodeTo)} {@code filter}
   * (price and bedrooms only) admits, dead ones too: one run length per admitted bedroom group.
   */
  long count(int nodeFrom, int nodeTo, ClusterFilter filter) {
    long[] n = new long[1];
    forEachRun(nodeFrom, nodeTo, filter, (g, from, to) -> n[0] += to - from);
    return n[0];
  }

  /** Each admitted group's run: added whole, or, with {@code dead}, searched for its live extremes. */
  private void visit(int nodeFrom, int nodeTo, ClusterFilter filter, Tombstones dead, CellAccumulator acc) {
    boolean byPrice = filter.tests(ClusterAttribute.PRICE);
    forEachRun(nodeFrom, nodeTo, filter, (g, from, to) -> {
      int priced = byPrice ? from : firstPriced(from, to, 0);
      if (dead == null) {
        add(from, to, priced, acc);
      } else {
        addLiveExtremes(from, to, priced, dead, acc);
      }
    });
  }

  /** Hands each bedroom group of the nodes that {@code filter} admits to {@code sink}, cut to its price range. */
  private void forEachRun(int nodeFrom, int nodeTo, ClusterFilter filter, RunSink sink) {
    boolean byPrice = filter.tests(ClusterAttribute.PRICE);
    forEachRun(nodeFrom, nodeTo, filter, byPrice, filter.low(ClusterAttribute.PRICE),
        filter.high(ClusterAttribute.PRICE), sink);
  }

  /**
   * Hands each bedroom group of the nodes that {@code filter} admits to {@code sink}, cut to the
   * prices in [low, high] ({@code low ≥ 0}) when {@code byPrice}, else whole (NULL prices first).
   */
  void forEachRun(int nodeFrom, int nodeTo, ClusterFilter filter, boolean byPrice, long low, long high,
      RunSink sink) {
    for (int g = firstGroup(nodeFrom); g < groupNode.length && groupNode[g] < nodeTo; g++) {
      if (!filter.admitsBedrooms(groupBeds[g])) {
        continue;
      }
      int from = groupStart[g];
      int to = groupStart[g + 1];
      if (byPrice) {
        from = firstPriced(from, to, low);
        to = firstPriced(from, to, high + 1);
      }
      sink.accept(g, from, to);
    }
  }

  private void addLiveExtremes(int from, int to, int priced, Tombstones dead, CellAccumulator acc) {
    for (int i = priced; i < to; i++) {
      if (!dead.isDead(rows[i])) {
        acc.minPrice = Math.min(acc.minPrice, prices[rows[i]]);
        break;
      }
    }
    for (int i = to - 1; i >= from; i--) {
      if (!dead.isDead(rows[i])) {
        acc.maxPrice = Math.max(acc.maxPrice, prices[rows[i]]);
        break;
      }
    }
  }

  private int firstGroup(int node) {
    return GroupDirectory.firstOf(groupNode, node);
  }

  /** First position in [from, to) (sorted by price) whose price is ≥ {@code price}. */
  private int firstPriced(int from, int to, long price) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (prices[rows[mid]] < price) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Positions [from, to), sorted by price, of which [priced, to) have one. */
  private void add(int from, int to, int priced, CellAccumulator acc) {
    if (from >= to) {
      return;
    }
    int firstBlock = (from + BLOCK - 1) >>> BLOCK_BITS;
    int lastBlock = to >>> BLOCK_BITS;
    if (firstBlock < lastBlock) {
      addRows(from, firstBlock << BLOCK_BITS, acc);
      acc.sumX += sumX[lastBlock] - sumX[firstBlock];
      acc.sumY += sumY[lastBlock] - sumY[firstBlock];
      acc.sumPrice += sumPrice[lastBlock] - sumPrice[firstBlock];
      addRows(lastBlock << BLOCK_BITS, to, acc);
    } else {
      addRows(from, to, acc);
    }
    acc.count += to - from;
    acc.pricedRows += to - priced;
    if (priced < to) {
      acc.minPrice = Math.min(acc.minPrice, prices[rows[priced]]);
    }
    acc.maxPrice = Math.max(acc.maxPrice, prices[rows[to - 1]]);
    acc.lastRow = rows[to - 1];
  }

  private void addRows(int from, int to, CellAccumulator acc) {
    long sx = 0;
    long sy = 0;
    long sp = 0;
    for (int i = from; i < to; i++) {
      int row = rows[i];
      long k = keys[row];
      sx += MortonKey.x(k);
      sy += MortonKey.y(k);
      sp += Math.max(0, prices[row]);
    }
    acc.sumX += sx;
    acc.sumY += sy;
    acc.sumPrice += sp;
  }

  long bytes() {
    return 4L * rows.length + 8L * 3 * sumX.length + 9L * groupNode.length;
  }
}
