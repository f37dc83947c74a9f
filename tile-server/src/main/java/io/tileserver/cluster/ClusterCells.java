package io.tileserver.cluster;

import io.tileserver.tile.WebMercator;
import java.util.Arrays;

/**
 * The non-empty cells of one tile as parallel primitive arrays, refilled by each
 * {@link CellAggregator#aggregate} call. Reuse one per thread: after the arrays have grown to the
 * largest tile seen, aggregating allocates nothing. Cell {@code i} of {@link #size()} has a count, a
 * count-weighted centroid, price min/avg/max over its priced members, and for a single member that
 * member's row — a row of {@link #snapshot()}, the snapshot the cells were aggregated from. Not
 * thread-safe.
 */
public final class ClusterCells {
  private int tileZoom;
  private int tileX;
  private int tileY;
  private int cellZoom;
  private int size;
  private long[] cells = new long[64];
  private long[] counts = new long[64];
  private long[] sumX = new long[64];
  private long[] sumY = new long[64];
  private long[] sumPrice = new long[64];
  private long[] pricedRows = new long[64];
  private int[] minPrice = new int[64];
  private int[] maxPrice = new int[64];
  private int[] rows = new int[64];
  /** Scratch of the scan: the matching rows of one block. */
  final int[] selected = new int[BlockSums.BLOCK];
  final CellAccumulator accumulator = new CellAccumulator();
  private ClusterCells helper;
  private ClusterCells deltaCells;
  private ClusterSnapshot snapshot;

  void reset(ClusterSnapshot snapshot, int tileZoom, int tileX, int tileY, int cellZoom) {
    this.snapshot = snapshot;
    this.tileZoom = tileZoom;
    this.tileX = tileX;
    this.tileY = tileY;
    this.cellZoom = cellZoom;
    size = 0;
  }

  /** The cells of the second half of a split scan. */
  ClusterCells helper() {
    if (helper == null) {
      helper = new ClusterCells();
    }
    helper.reset(snapshot, tileZoom, tileX, tileY, cellZoom);
    return helper;
  }

  /** The cells of a snapshot's delta, before {@link #mergeSorted} takes them in. */
  ClusterCells deltaCells() {
    if (deltaCells == null) {
      deltaCells = new ClusterCells();
    }
    deltaCells.reset(snapshot, tileZoom, tileX, tileY, cellZoom);
    return deltaCells;
  }

  /**
   * Merges {@code other}'s cells into these, both in ascending cell order, adding up a cell both
   * hold; {@code other}'s rows are shifted by {@code rowOffset}. Works from the back, in place.
   */
  void mergeSorted(ClusterCells other, int rowOffset) {
    int n = size;
    int m = other.size;
    while (cells.length < n + m) {
      grow();
    }
    int i = n - 1;
    int j = m - 1;
    int w = n + m - 1;
    while (j >= 0) {
      if (i >= 0 && cells[i] > other.cells[j]) {
        move(i--, w--);
      } else if (i >= 0 && cells[i] == other.cells[j]) {
        counts[i] += other.counts[j];
        sumX[i] += other.sumX[j];
        sumY[i] += other.sumY[j];
        sumPrice[i] += other.sumPrice[j];
        pricedRows[i] += other.pricedRows[j];
        minPrice[i] = Math.min(minPrice[i], other.minPrice[j]);
        maxPrice[i] = Math.max(maxPrice[i], other.maxPrice[j]);
        rows[i] = -1;
        move(i--, w--);
        j--;
      } else {
        cells[w] = other.cells[j];
        counts[w] = other.counts[j];
        sumX[w] = other.sumX[j];
        sumY[w] = other.sumY[j];
        sumPrice[w] = other.sumPrice[j];
        pricedRows[w] = other.pricedRows[j];
        minPrice[w] = other.minPrice[j];
        maxPrice[w] = other.maxPrice[j];
        rows[w] = other.rows[j] < 0 ? -1 : other.rows[j] + rowOffset;
        w--;
        j--;
      }
    }
    int gap = w - i;
    if (gap > 0) {
      for (int k = w + 1; k < n + m; k++) {
        move(k, k - gap);
      }
    }
    size = n + m - gap;
  }

  private void move(int from, int to) {
    if (from == to) {
      return;
    }
    cells[to] = cells[from];
    counts[to] = counts[from];
    sumX[to] = sumX[from];
    sumY[to] = sumY[from];
    sumPrice[to] = sumPrice[from];
    pricedRows[to] = pricedRows[from];
    minPrice[to] = minPrice[from];
    maxPrice[to] = maxPrice[from];
    rows[to] = rows[from];
  }

  void add(long cell, CellAccumulator acc) {
    if (size > 0 && cells[size - 1] == cell) {
      int i = size - 1;
      counts[i] += acc.count;
      sumX[i] += acc.sumX;
      sumY[i] += acc.sumY;
      sumPrice[i] += acc.sumPrice;
      pricedRows[i] += acc.pricedRows;
      minPrice[i] = Math.min(minPrice[i], acc.minPrice);
      maxPrice[i] = Math.max(maxPrice[i], acc.maxPrice);
      rows[i] = counts[i] == 1 ? Math.max(rows[i], acc.lastRow) : -1;
      return;
    }
    if (size == cells.length) {
      grow();
    }
    int i = size++;
    cells[i] = cell;
    counts[i] = acc.count;
    sumX[i] = acc.sumX;
    sumY[i] = acc.sumY;
    sumPrice[i] = acc.sumPrice;
    pricedRows[i] = acc.pricedRows;
    minPrice[i] = acc.minPrice;
    maxPrice[i] = acc.maxPrice;
    rows[i] = acc.count == 1 ? acc.lastRow : -1;
  }

  /** Appends the helper's cells, merging the cell the split cut in two. */
  void appendHelper() {
    CellAccumulator acc = helper.accumulator;
    for (int i = 0; i < helper.size; i++) {
      acc.count = helper.counts[i];
      acc.sumX = helper.sumX[i];
      acc.sumY = helper.sumY[i];
      acc.sumPrice = helper.sumPrice[i];
      acc.pricedRows = helper.pricedRows[i];
      acc.minPrice = helper.minPrice[i];
      acc.maxPrice = helper.maxPrice[i];
      acc.lastRow = helper.rows[i];
      add(helper.cells[i], acc);
    }
  }

  private void grow() {
    int n = cells.length * 2;
    cells = Arrays.copyOf(cells, n);
    counts = Arrays.copyOf(counts, n);
    sumX = Arrays.copyOf(sumX, n);
    sumY = Arrays.copyOf(sumY, n);
    sumPrice = Arrays.copyOf(sumPrice, n);
    pricedRows = Arrays.copyOf(pricedRows, n);
    minPrice = Arrays.copyOf(minPrice, n);
    maxPrice = Arrays.copyOf(maxPrice, n);
    rows = Arrays.copyOf(rows, n);
  }

  /** The snapshot these cells were aggregated from: decode {@link #singleRow} with it. */
  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  /** Number of non-empty cells. */
  public int size() {
    return size;
  }

  public int tileZoom() {
    return tileZoom;
  }

  /** Zoom of the quadtree level the cells are nodes of: tile zoom + log2(512 / cell pixels). */
  public int cellZoom() {
    return cellZoom;
  }

  public long count(int i) {
    return counts[i];
  }

  /** Sum of all cells' counts: the tile's matching points. */
  public long totalCount() {
    long total = 0;
    for (int i = 0; i < size; i++) {
      total += counts[i];
    }
    return total;
  }

  /** The cell's Morton code at {@link #cellZoom}. */
  public long cell(int i) {
    return cells[i];
  }

  public long clusterId(int i) {
    return ClusterId.of(cellZoom, cells[i]);
  }

  /** The only member's row when {@code count(i) == 1}, else -1. */
  public int singleRow(int i) {
    return rows[i];
  }

  /** Centroid x as a Web-Mercator world fraction. */
  public double x(int i) {
    return MortonKey.fraction((double) sumX[i] / counts[i]);
  }

  public double y(int i) {
    return MortonKey.fraction((double) sumY[i] / counts[i]);
  }

  public double lon(int i) {
    return WebMercator.lon(x(i));
  }

  public double lat(int i) {
    return WebMercator.lat(y(i));
  }

  /** Centroid x in tile pixels for a tile {@code extent} wide (0 = west edge). */
  public double tilePixelX(int i, int extent) {
    return (x(i) * (1L << tileZoom) - tileX) * extent;
  }

  public double tilePixelY(int i, int extent) {
    return (y(i) * (1L << tileZoom) - tileY) * extent;
  }

  /** Does any member have a price? The price aggregates are undefined otherwise. */
  public boolean hasPrice(int i) {
    return pricedRows[i] > 0;
  }

  public long priceMin(int i) {
    return minPrice[i];
  }

  public long priceMax(int i) {
    return maxPrice[i];
  }

  /** Mean price over the members that have one. */
  public double priceAvg(int i) {
    return (double) sumPrice[i] / pricedRows[i];
  }

  /** Sum of the members' prices, for exact comparison and re-aggregation. */
  public long priceSum(int i) {
    return sumPrice[i];
  }

  public long pricedRows(int i) {
    return pricedRows[i];
  }
}
