package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Main's rows regrouped so that a low-zoom tile under a filter on any column is answered without a
 * scan. Within each quadtree node at zoom {@value #LEVEL} (a run of the key order), rows with the
 * same bedrooms, bathrooms, type and status form a group (10M listings make ~37,000), sorted by price
 * ({@link GroupOrder}). A filter admits or refuses a group whole on those four columns (one test per
 * group, not per row), and a price range is one run of an admitted group whose sums come from the
 * order's anchors. A sqft range alone takes {@link SqftOrder}; beside other columns it is tested row
 * by row over those runs, except in groups and in chunks of a run whose sqfts all lie in or out of
 * the range (taken or refused whole, from the group's {@link BlockBounds} and the chunk's bounds),
 * while the rows left to test (within the price range) are at most a {@value #SQFT_SCAN_SHARE}th of
 * the tile's; above that the tile is scanned, which reads rows in sequence and splits over both
 * cores. Filters on price and bedrooms alone take {@link PriceByBedrooms}, whose ~2,000 groups cost
 * fewer searches. A filtered z0 tile over 10M rows then costs group tests and binary searches
 * instead of a scan testing every row (30–150 ms of CPU here). Cells of a tile at zoom z with
 * {@code z + cellShift ≤ LEVEL} are unions of whole nodes, so this answers them exactly.
 *
 * <p>Over a live snapshot the groups still hold main's dead rows: a cell holding any first takes the
 * sums as built, then subtracts each dead row of the cell the filter admits (a walk over the cell's
 * tombstones), re-reads the live price extremes if a dead row held one, and recounts the cell row by
 * row only if a single member is left (its row must be known).
 *
 * <p>The same runs serve a viewport search: merged by price ({@link RunMerge}), or visited group by
 * group with each group's {@link BlockBounds} ({@link BoundedPieces}).
 *
 * <p>About 12 bytes per point (two permutations, 4 each, {@link SqftOrder}'s 2.3, sums, the chunks'
 * sqft bounds' 0.13 and the group bounds' 0.07); built once per main index with 12 bytes a point of
 * scratch while it builds. Immutable and thread-safe.
 */
final class LowZoomOrder {
  /**
   * Zoom of the nodes within which rows are grouped: tiles to z4 at 64-px cells. Each level deeper
   * serves one more zoom and gives a z0 tile about four times the groups to visit.
   */
  static final int LEVEL = 7;
  private static final int NODE_SHIFT = 2 * (MortonKey.BITS - LEVEL);
  /**
   * A sqft range is tested row by row (random reads through the permutation, ~20 ns a row over 10M
   * listings) only while those rows number at most 1/this of the tile's; a scan reads every row in
   * sequence, ~5 ns a row.
   */
  private static final int SQFT_SCAN_SHARE = 4;

  /** What one pass over a group's run adds. */
  private enum Pass {
    /** Count, sums and extremes as built, dead rows included. */
    AS_BUILT,
    /** Everything, live rows only, row by row. */
    LIVE_ROWS,
    /** The live rows' price extremes only. */
    LIVE_EXTREMES
  }

  /** Per group (ascending node, then category): its node's Morton code at LEVEL and its four values. */
  private final int[] groupNode;
  private final byte[] groupBeds;
  private final byte[] groupBaths;
  private final byte[] groupType;
  private final byte[] groupStatus;
  /** First position of each group, and its first anchor in the orders (one more entry: the ends). */
  private final int[] start;
  private final int[] anchor;
  private final GroupOrder byPrice;
  private final PriceByBedrooms byBedrooms;
  private final SqftOrder bySqft;
  private final BlockBounds groupBounds;

  LowZoomOrder(ClusterIndex index) {
    int size = index.size;
    long[] scratch = new long[size];
    int[] grouped = new int[size];
    GroupDirectory groups = new GroupDirectory();
    for (int from = 0; from < size; ) {
      int node = (int) (index.keys[from] >>> NODE_SHIFT);
      int to = CellAggregator.gallop(index.keys, (long) (node + 1) << NODE_SHIFT, from + 1, size);
      for (int i = from; i < to; i++) {
        scratch[i] = (category(index, i) & 0xFFFF_FFFFL) << 31 | i;
      }
      Arrays.sort(scratch, from, to);
      for (int i = from; i < to; i++) {
        grouped[i] = (int) (scratch[i] & Integer.MAX_VALUE);
        if (i == from || scratch[i] >>> 31 != scratch[i - 1] >>> 31) {
          groups.add(node, grouped[i], i);
        }
      }
      from = to;
    }
    int count = groups.count;
    groupNode = Arrays.copyOf(groups.node, count);
    groupBeds = new byte[count];
    groupBaths = new byte[count];
    groupType = new byte[count];
    groupStatus = new byte[count];
    start = groups.starts(size);
    anchor = new int[count + 1];
    for (int g = 0; g < count; g++) {
      int row = groups.tag[g];
      groupBeds[g] = index.bedrooms[row];
      groupBaths[g] = index.bathrooms[row];
      groupType[g] = index.types[row];
      groupStatus[g] = index.statuses[row];
      anchor[g + 1] = anchor[g] + (start[g + 1] - start[g] + GroupOrder.CHUNK - 1) / GroupOrder.CHUNK;
    }
    byPrice = new GroupOrder(grouped, start, anchor, index.keys, index.prices, index.sqfts, scratch);
    byBedrooms = new PriceByBedrooms(index.keys, index.prices, index.bedrooms, size);
    bySqft = new SqftOrder(index.keys, index.ids, index.prices, index.sqfts, size);
    groupBounds = new BlockBounds(index.ids, index.prices, index.sqfts, index.bedrooms, byPrice.rows, start);
  }

  private static int category(ClusterIndex index, int row) {
    return (index.bedrooms[row] & 0xFF) << 24 | (index.bathrooms[row] & 0xFF) << 16
        | (index.types[row] & 0xFF) << 8 | index.statuses[row] & 0xFF;
  }


  /**
   * Adds the cells of the tile at {@code z} with Morton code {@code tile} to {@code out}, cells being
   * the nodes at {@code cellZoom} ({@code z ≤ cellZoom ≤ LEVEL}), over {@code main} (this order's
   * index) less {@code dead}. Returns false, adding nothing, when scanning the tile is cheaper. Rows
   * tested one by one are split over {@code split}'s helper as a scan's would be, on a clean tile.
   *
   * @param clean no row of the tile is dead
   */
  boolean aggregate(ClusterIndex main, Tombstones dead, boolean clean, long tile, int z, int cellZoom,
      ClusterFilter filter, ClusterCells out, ScanSplit split) {
    int firstGroup = firstGroup((int) (tile << 2 * (LEVEL - z)));
    int endGroup = firstGroup((int) ((tile + 1) << 2 * (LEVEL - z)));
    long tileRows = start[endGroup] - start[firstGroup];
    // A sqft range beside other columns: each group's run found once, for the decision and the cells.
    long[] runs = null;
    long straddling = 0;
    if (filter.tests(ClusterAttribute.SQFT) && !filter.testsOnlySqft()) {
      runs = new long[endGroup - firstGroup];
      for (int g = firstGroup; g < endGroup; g++) {
        long run = run(g, filter);
        runs[g - firstGroup] = run;
        straddling += straddles(run) ? runTo(run) - runFrom(run) : 0;
      }
    }
    if (straddling > tileRows / SQFT_SCAN_SHARE) {
      return false;
    }
    if (clean && split.worth(straddling)) {
      // Cells are unions of nodes and groups go by node, so the halves' cells meet in at most one.
      int mid = firstGroup;
      for (long seen = 0; mid < endGroup && seen < straddling / 2; mid++) {
        long run = runs[mid - firstGroup];
        seen += straddles(run) ? runTo(run) - runFrom(run) : 0;
      }
      long[] known = runs;
      int half = mid;
      ClusterCells second = out.helper();
      split.both(() -> addCells(main, dead, true, firstGroup, half, cellZoom, filter, known, firstGroup, out),
          () -> addCells(main, dead, true, half, endGroup, cellZoom, filter, known, firstGroup, second));
      out.appendHelper();
    } else {
      addCells(main, dead, clean, firstGroup, endGroup, cellZoom, filter, runs, firstGroup, out);
    }
    return true;
  }

  /** The cells of the groups [from, to) into {@code out}; {@code runs}, when known, start at group {@code base}. */
  private void addCells(ClusterIndex main, Tombstones dead, boolean clean, int from, int to, int cellZoom,
      ClusterFilter filter, long[] runs, int base, ClusterCells out) {
    // Price and bedrooms alone: the bedroom groups, fewer searches; sqft alone: its own order. Dead rows
    // come off their sums as off the fine groups'.
    boolean coarse = filter.testsOnlyPriceAndBedrooms();
    boolean sqftOnly = filter.testsOnlySqft();
    CellAccumulator acc = out.accumulator;
    int toCell = 2 * (LEVEL - cellZoom);
    for (int g = from; g < to; ) {
      long cell = groupNode[g] >>> toCell;
      int end = g + 1;
      while (end < to && groupNode[end] >>> toCell == cell) {
        end++;
      }
      acc.reset();
      if (coarse) {
        byBedrooms.addNodes((int) (cell << toCell), (int) ((cell + 1) << toCell), filter, acc);
      } else if (sqftOnly) {
        bySqft.addNodes((int) (cell << toCell), (int) ((cell + 1) << toCell), filter.low(ClusterAttribute.SQFT),
            filter.high(ClusterAttribute.SQFT), acc);
      } else {
        addGroups(main, g, end, filter, Pass.AS_BUILT, dead, acc, runs, base);
      }
      if (acc.count > 0 && !clean) {
        lessDead(main, dead, g, end, cell, cellZoom, coarse, filter, acc);
      }
      if (acc.count > 0) {
        out.add(cell, acc);
      }
      g = end;
    }
  }

  /**
   * How many rows of the nodes at {@value #LEVEL} {@code [nodeFrom, nodeTo)} {@code filter} admits,
   * dead ones included, from run lengths of the groups (a viewport's total without a scan); -1 when a
   * sqft range beside other columns would need every row tested, which a scan does better.
   */
  long count(int nodeFrom, int nodeTo, ClusterFilter filter) {
    if (filter.testsOnlyPriceAndBedrooms()) {
      return byBedrooms.count(nodeFrom, nodeTo, filter);
    }
    if (filter.testsOnlySqft()) {
      return bySqft.count(nodeFrom, nodeTo, filter.low(ClusterAttribute.SQFT), filter.high(ClusterAttribute.SQFT));
    }
    if (filter.tests(ClusterAttribute.SQFT)) {
      return -1;
    }
    long[] n = new long[1];
    forEachGroup(nodeFrom, nodeTo, filter, (g, from, to) -> n[0] += Math.max(0, to - from));
    return n[0];
  }

  /**
   * The order whose runs {@link #forEachPriceRun} hands out, as main rows by position: the bedroom
   * groups' when {@code filter} tests price and bedrooms at most, else the fine groups'.
   */
  int[] priceRows(ClusterFilter filter) {
    return filter.testsOnlyPriceAndBedrooms() ? byBedrooms.rows : byPrice.rows;
  }

  /**
   * Hands {@code sink} the run of each group of the nodes at {@value #LEVEL} {@code [nodeFrom, nodeTo)}
   * that {@code filter} admits on bedrooms, bathrooms, type and status, cut to the prices in
   * [low, high] ({@code low ≥ 0}, so no NULL): positions of {@link #priceRows}, ascending by price.
   * Dead rows are in them, and a sqft range is left to the caller.
   */
  void forEachPriceRun(int nodeFrom, int nodeTo, ClusterFilter filter, long low, long high, RunSink sink) {
    if (filter.testsOnlyPriceAndBedrooms()) {
      byBedrooms.forEachRun(nodeFrom, nodeTo, filter, true, low, high, sink);
    } else {
      forEachGroup(nodeFrom, nodeTo, filter, true, low, high, sink);
    }
  }

  /**
   * Hands {@code sink} each fine group of the nodes at {@value #LEVEL} {@code [nodeFrom, nodeTo)} that
   * {@code filter} admits on bedrooms, bathrooms, type and status, with its run of positions in
   * {@link #groupRows}: cut to the filter's price range when it has one, else whole (NULL prices
   * first). Dead rows are in them, and a sqft range is left to the caller.
   */
  void forEachGroup(int nodeFrom, int nodeTo, ClusterFilter filter, RunSink sink) {
    boolean price = filter.tests(ClusterAttribute.PRICE);
    forEachGroup(nodeFrom, nodeTo, filter, price, filter.low(ClusterAttribute.PRICE),
        filter.high(ClusterAttribute.PRICE), sink);
  }

  private void forEachGroup(int nodeFrom, int nodeTo, ClusterFilter filter, boolean cut, long low, long high,
      RunSink sink) {
    for (int g = firstGroup(nodeFrom), end = firstGroup(nodeTo); g < end; g++) {
      if (!filter.admits(groupBeds[g], groupBaths[g], groupType[g], groupStatus[g])) {
        continue;
      }
      if (cut) {
        sink.accept(g, byPrice.first(g, low), byPrice.first(g, high + 1));
      } else {
        sink.accept(g, start[g], start[g + 1]);
      }
    }
  }

  /** The rows of each node in pieces sorted by sqft. */
  SqftOrder sqftOrder() {
    return bySqft;
  }

  /** Main rows by position in the fine groups' order, each group sorted by price. */
  int[] groupRows() {
    return byPrice.rows;
  }

  /** Per fine group, bounds on what its rows rank in each sort. */
  BlockBounds groupBounds() {
    return groupBounds;
  }

  /**
   * The positions of group g that {@code filter} reads, those within its price range, as
   * {@code from << 32 | to}, with {@code to} as {@code ~to} when the group's sqfts lie both in and out
   * of the filter's sqft range (its rows are tested one by one); 0, an empty run, when the filter
   * refuses the group on bedrooms, bathrooms, type, status or sqft.
   */
  private long run(int g, ClusterFilter filter) {
    if (!filter.admits(groupBeds[g], groupBaths[g], groupType[g], groupStatus[g])) {
      return 0;
    }
    BlockBounds.Fit fit = filter.tests(ClusterAttribute.SQFT)
        ? groupBounds.sqftFit(g, filter.low(ClusterAttribute.SQFT), filter.high(ClusterAttribute.SQFT))
        : BlockBounds.Fit.ALL;
    if (fit == BlockBounds.Fit.NONE) {
      return 0;
    }
    int a = start[g];
    int b = start[g + 1];
    if (filter.tests(ClusterAttribute.PRICE)) {
      a = byPrice.first(g, filter.low(ClusterAttribute.PRICE));
      b = byPrice.first(g, filter.high(ClusterAttribute.PRICE) + 1);
    }
    if (a >= b) {
      return 0;
    }
    return (long) a << 32 | (fit == BlockBounds.Fit.SOME ? ~b : b) & 0xFFFF_FFFFL;
  }

  private static int runFrom(long run) {
    return (int) (run >>> 32);
  }

  private static int runTo(long run) {
    int to = (int) run;
    return to < 0 ? ~to : to;
  }

  private static boolean straddles(long run) {
    return (int) run < 0;
  }

  /** Takes the cell's dead rows out of {@code acc}, which holds its groups as built. */
  private void lessDead(ClusterIndex main, Tombstones dead, int fromGroup, int toGroup, long cell, int cellZoom,
      boolean coarse, ClusterFilter filter, CellAccumulator acc) {
    int shift = MortonKey.shift(cellZoom);
    int to = main.firstRow((cell + 1) << shift);
    boolean extremesKept = true;
    boolean any = false;
    for (int row = dead.nextDead(main.firstRow(cell << shift), to); row < to; row = dead.nextDead(row + 1, to)) {
      if (!filter.matches(main, row)) {
        continue;
      }
      any = true;
      long key = main.keys[row];
      int price = main.prices[row];
      acc.count--;
      acc.sumX -= MortonKey.x(key);
      acc.sumY -= MortonKey.y(key);
      if (price >= 0) {
        acc.sumPrice -= price;
        acc.pricedRows--;
      }
      extremesKept &= price != acc.minPrice && price != acc.maxPrice;
    }
    if (!any || acc.count == 0) {
      return;
    }
    if (acc.count == 1) {
      acc.reset();
      addGroups(main, fromGroup, toGroup, filter, Pass.LIVE_ROWS, dead, acc, null, 0);
    } else if (!extremesKept) {
      acc.minPrice = Integer.MAX_VALUE;
      acc.maxPrice = -1;
      if (coarse) {
        int toCell = 2 * (LEVEL - cellZoom);
        byBedrooms.addLiveExtremes((int) (cell << toCell), (int) ((cell + 1) << toCell), filter, dead, acc);
      } else {
        addGroups(main, fromGroup, toGroup, filter, Pass.LIVE_EXTREMES, dead, acc, null, 0);
      }
    }
  }

  /** The admitted groups of [from, to), each the run of its order that the filter's price range selects. */
  private void addGroups(ClusterIndex main, int from, int to, ClusterFilter filter, Pass pass, Tombstones dead,
      CellAccumulator acc, long[] runs, int base) {
    int sqftLow = filter.low(ClusterAttribute.SQFT);
    long sqftHigh = filter.high(ClusterAttribute.SQFT);
    for (int g = from; g < to; g++) {
      long run = runs != null ? runs[g - base] : run(g, filter);
      int a = runFrom(run);
      int b = runTo(run);
      if (a >= b) {
        continue;
      }
      switch (pass) {
        case AS_BUILT -> {
          if (straddles(run)) {
            byPrice.addInRange(g, a, b, main.sqfts, sqftLow, sqftHigh, acc);
          } else {
            byPrice.addRun(g, a, b, acc);
          }
        }
        case LIVE_ROWS -> byPrice.addMatching(main, a, b, filter, dead, acc);
        case LIVE_EXTREMES -> byPrice.addLiveExtremes(main, a, b, filter, dead, acc);
      }
    }
  }

  private int firstGroup(int node) {
    return GroupDirectory.firstOf(groupNode, node);
  }

  long bytes() {
    return byPrice.bytes() + byBedrooms.bytes() + bySqft.bytes() + groupBounds.bytes()
        + (4L + 4 + 4 + 4) * groupNode.length;
  }
}
