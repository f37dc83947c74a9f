package io.tileserver.cluster;

import io.tileserver.tile.TileCoord;
import java.util.concurrent.Executor;

/**
 * Aggregates the points of a tile into grid cells of {@code cellPixels} at a 512-pixel tile. Cells
 * are the quadtree nodes at zoom {@code z + log2(512 / cellPixels)} — aligned to the global pixel
 * grid — so a cell never straddles a tile edge and belongs to exactly one tile. A cell's centroid
 * lies inside the cell, hence inside its tile: scanning neighbours for a buffer would add nothing
 * but time, and a cluster is placed identically whichever tile asks. The buffer remains a rendering
 * concern (symbols near the edge), for the encoder.
 *
 * <p>Each cell is a run of rows; runs are found by galloping search, so empty cells cost nothing.
 * Unfiltered runs are summed from {@link BlockSums} (no per-row work but two partial blocks);
 * filtered runs go block by block: {@link ClusterFilter#select} lists the matching rows without a
 * branch per row, then one loop adds only those, so the keys of rows that fail are never decoded.
 * A range of at least {@code parallelThreshold} rows is cut in two and the second half aggregated
 * on {@code helper}. Thread-safe; state lives in the caller's {@link ClusterCells}.
 *
 * <p>A filtered tile whose cells lie no deeper than {@link LowZoomOrder#LEVEL} (z0–z4 with 64-px
 * cells) is not scanned: main's {@link LowZoomOrder} gives the same sums, its dead rows taken out
 * (unless a sqft range would have it test most of the tile's rows one by one).
 *
 * <p>Over a {@link ClusterSnapshot} with changes, main's run skips its dead rows. Unfiltered, a
 * whole block holding any takes its block sums less the dead rows' share kept by the
 * {@link Tombstones} (or is scanned row by row when a dead row held its min or max price);
 * filtered, dead rows are dropped from the selection. The delta's run is aggregated the same way
 * into separate cells merged in by cell. Without changes (a fixed index) the scan is the same
 * loops plus one test per block.
 */
public final class CellAggregator {
  /** Pixels across a tile in the grid's reckoning (MapLibre's default extent for clustering). */
  public static final int TILE_PIXELS = 512;
  private static final ClusterFilter ALL = ClusterFilter.none();

  private final ClusterSnapshot fixed;
  private final int cellShift;
  private final ScanSplit split;

  /**
   * An aggregator over one fixed index.
   *
   * @param cellPixels a power of two from 1 to 512
   * @param helper runs the second half of large scans; null to scan on the calling thread only
   * @param parallelThreshold rows in a tile from which the scan is split (when helper is set)
   */
  public CellAggregator(ClusterIndex index, int cellPixels, Executor helper, int parallelThreshold) {
    this(ClusterSnapshot.of(index), cellPixels, helper, parallelThreshold);
  }

  /** An aggregator for snapshots passed to {@link #aggregate(ClusterSnapshot, TileCoord, ClusterFilter, ClusterCells)}. */
  public CellAggregator(int cellPixels, Executor helper, int parallelThreshold) {
    this((ClusterSnapshot) null, cellPixels, helper, parallelThreshold);
  }

  private CellAggregator(ClusterSnapshot fixed, int cellPixels, Executor helper, int parallelThreshold) {
    if (cellPixels < 1 || cellPixels > TILE_PIXELS || Integer.bitCount(cellPixels) != 1) {
      throw new IllegalArgumentException("cell size must be a power of two from 1 to " + TILE_PIXELS
          + " pixels, was " + cellPixels);
    }
    this.fixed = fixed;
    this.cellShift = Integer.numberOfTrailingZeros(TILE_PIXELS / cellPixels);
    this.split = new ScanSplit(helper, Math.max(2 * BlockSums.BLOCK, parallelThreshold));
  }

  /** The fixed index this aggregator was built over; null for a snapshot aggregator. */
  public ClusterIndex index() {
    return fixed == null ? null : fixed.main;
  }

  /** How this aggregator's large scans are split; the viewport's statistics split the same way. */
  public ScanSplit split() {
    return split;
  }

  /** log2(512 / cell pixels): cells of a tile at z are the nodes at z + cellShift. */
  public int cellShift() {
    return cellShift;
  }

  /** Deepest tile zoom whose cells still fit a {@link ClusterId}. */
  public int maxTileZoom() {
    return ClusterId.MAX_CELL_ZOOM - cellShift;
  }

  /** Fills {@code out} with the non-empty cells of {@code tile} of the fixed index under {@code filter}. */
  public void aggregate(TileCoord tile, ClusterFilter filter, ClusterCells out) {
    if (fixed == null) {
      throw new IllegalStateException("this aggregator has no fixed index; pass a snapshot");
    }
    aggregate(fixed, tile, filter, out);
  }

  /** Fills {@code out} with the non-empty cells of {@code tile} in {@code snapshot} under {@code filter}. */
  public void aggregate(ClusterSnapshot snapshot, TileCoord tile, ClusterFilter filter, ClusterCells out) {
    if (tile.z() > maxTileZoom()) {
      throw new IllegalArgumentException("z=" + tile.z() + " is too deep for cells of this size (max "
          + maxTileZoom() + ")");
    }
    int cellZoom = tile.z() + cellShift;
    out.reset(snapshot, tile.z(), tile.x(), tile.y(), cellZoom);
    if (filter.matchesNothing()) {
      return;
    }
    ClusterIndex main = snapshot.main;
    Tombstones dead = snapshot.dead;
    int from = main.tileStart(tile);
    int to = main.tileEnd(tile);
    boolean ordered = cellZoom <= LowZoomOrder.LEVEL && !filter.isEmpty() && main.lowZoomOrder().aggregate(main,
        dead, !dead.anyIn(from, to), MortonKey.interleave(tile.x(), tile.y()), tile.z(), cellZoom, filter, out,
        split);
    if (!ordered && !split.worth(to - from)) {
      scan(main, dead, from, to, cellZoom, filter, out);
    } else if (!ordered) {
      int mid = (from + to) >>> 1;
      ClusterCells second = out.helper();
      split.both(() -> scan(main, dead, from, mid, cellZoom, filter, out),
          () -> scan(main, dead, mid, to, cellZoom, filter, second));
      out.appendHelper();
    }
    ClusterIndex delta = snapshot.delta;
    if (delta.size > 0) {
      int deltaFrom = delta.tileStart(tile);
      int deltaTo = delta.tileEnd(tile);
      if (deltaFrom < deltaTo) {
        ClusterCells added = out.deltaCells();
        scan(delta, Tombstones.NONE, deltaFrom, deltaTo, cellZoom, filter, added);
        out.mergeSorted(added, main.size);
      }
    }
  }

  private void scan(ClusterIndex index, Tombstones dead, int from, int to, int cellZoom, ClusterFilter filter,
      ClusterCells out) {
    int shift = MortonKey.shift(cellZoom);
    long[] keys = index.keys;
    CellAccumulator acc = out.accumulator;
    boolean unfiltered = filter.isEmpty();
    for (int a = from; a < to; ) {
      long cell = keys[a] >>> shift;
      int b = gallop(keys, (cell + 1) << shift, a + 1, to);
      acc.reset();
      if (unfiltered) {
        addAll(index, dead, a, b, out.selected, acc);
      } else {
        addMatching(index, dead, a, b, filter, out.selected, acc);
      }
      if (acc.count > 0) {
        out.add(cell, acc);
      }
      a = b;
    }
  }

  /** First row in [from, to) with key ≥ {@code key}: doubling steps, then bisection. */
  static int gallop(long[] keys, long key, int from, int to) {
    int lo = from;
    int step = 1;
    int hi = from;
    while (hi < to && keys[hi] < key) {
      lo = hi + 1;
      hi = (int) Math.min(to, (long) hi + step);
      step <<= 1;
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Every live row of [from, to): dirty blocks row by row, clean stretches through the block sums. */
  private static void addAll(ClusterIndex index, Tombstones dead, int from, int to, int[] selected,
      CellAccumulator acc) {
    if (!dead.anyIn(from, to)) {
      addClean(index, from, to, acc);
      return;
    }
    for (int s = from; s < to; ) {
      int block = s >>> BlockSums.BLOCK_BITS;
      if (dead.isDirtyBlock(block)) {
        int end = Math.min(to, (block + 1) << BlockSums.BLOCK_BITS);
        boolean whole = s == block << BlockSums.BLOCK_BITS && end - s == BlockSums.BLOCK;
        if (!whole || !index.sums.addBlockLessDead(block, dead, acc)) {
          addMatching(index, dead, s, end, ALL, selected, acc);
        }
        s = end;
      } else {
        int lastBlock = (to - 1) >>> BlockSums.BLOCK_BITS;
        int end = (int) Math.min(to, (long) dead.nextDirtyBlock(block, lastBlock + 1) << BlockSums.BLOCK_BITS);
        addClean(index, s, end, acc);
        s = end;
      }
    }
  }

  /** Every row of [from, to), none dead: whole blocks from the block sums, the rest row by row. */
  private static void addClean(ClusterIndex index, int from, int to, CellAccumulator acc) {
    int firstBlock = (from + BlockSums.BLOCK - 1) >>> BlockSums.BLOCK_BITS;
    int lastBlock = to >>> BlockSums.BLOCK_BITS;
    if (lastBlock - firstBlock < 1) {
      addRows(index, from, to, acc);
      return;
    }
    addRows(index, from, firstBlock << BlockSums.BLOCK_BITS, acc);
    index.sums.addBlocks(firstBlock, lastBlock, acc);
    acc.lastRow = (lastBlock << BlockSums.BLOCK_BITS) - 1;
    addRows(index, lastBlock << BlockSums.BLOCK_BITS, to, acc);
  }

  /** Every row of [from, to), no filter. */
  private static void addRows(ClusterIndex index, int from, int to, CellAccumulator acc) {
    long[] keys = index.keys;
    int[] prices = index.prices;
    long sx = 0;
    long sy = 0;
    long sp = 0;
    long pc = 0;
    int min = acc.minPrice;
    int max = acc.maxPrice;
    for (int i = from; i < to; i++) {
      long k = keys[i];
      sx += MortonKey.x(k);
      sy += MortonKey.y(k);
      int p = prices[i];
      int priced = ~(p >> 31);
      sp += p & priced;
      pc += priced & 1;
      min = Math.min(min, (p & priced) | (Integer.MAX_VALUE & ~priced));
      max = Math.max(max, p);
    }
    acc.count += to - from;
    acc.sumX += sx;
    acc.sumY += sy;
    acc.sumPrice += sp;
    acc.pricedRows += pc;
    acc.minPrice = min;
    acc.maxPrice = max;
    if (to > from) {
      acc.lastRow = to - 1;
    }
  }

  /** The matching live rows of [from, to), a block at a time: select them, then add only those. */
  private static void addMatching(ClusterIndex index, Tombstones dead, int from, int to, ClusterFilter filter,
      int[] selected, CellAccumulator acc) {
    for (int start = from; start < to; start += BlockSums.BLOCK) {
      int length = Math.min(BlockSums.BLOCK, to - start);
      int n = filter.select(index, start, length, selected);
      if (n > 0 && dead.anyIn(start, start + length)) {
        n = dead.keepLive(selected, n);
      }
      addSelected(index, selected, n, acc);
    }
  }

  /**
   * The first {@code n} rows of {@code selected}; a NULL price (-1) counts towards no price aggregate.
   * The same sums as {@link #addRows} over listed rows instead of a run: each stays one straight loop.
   */
  private static void addSelected(ClusterIndex index, int[] selected, int n, CellAccumulator acc) {
    if (n == 0) {
      return;
    }
    long[] keys = index.keys;
    int[] prices = index.prices;
    long sx = 0;
    long sy = 0;
    long sp = 0;
    long pc = 0;
    int min = acc.minPrice;
    int max = acc.maxPrice;
    for (int r = 0; r < n; r++) {
      int i = selected[r];
      long k = keys[i];
      sx += MortonKey.x(k);
      sy += MortonKey.y(k);
      int p = prices[i];
      int priced = ~(p >> 31);
      sp += p & priced;
      pc += priced & 1;
      min = Math.min(min, (p & priced) | (Integer.MAX_VALUE & ~priced));
      max = Math.max(max, p);
    }
    acc.count += n;
    acc.sumX += sx;
    acc.sumY += sy;
    acc.sumPrice += sp;
    acc.pricedRows += pc;
    acc.minPrice = min;
    acc.maxPrice = max;
    acc.lastRow = selected[n - 1];
  }
}
