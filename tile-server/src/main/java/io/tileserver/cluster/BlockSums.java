package io.tileserver.cluster;

/**
 * Prefix sums per block of {@value #BLOCK} sorted rows — X, Y, price sum and priced-row count — and
 * each block's price min/max. An unfiltered aggregate over any run of rows then costs two partial
 * blocks plus one step per whole block instead of one step per row: a z0 tile over 10M points reads
 * ~10k block entries. About 0.04 bytes per point.
 */
final class BlockSums {
  static final int BLOCK_BITS = 10;
  static final int BLOCK = 1 << BLOCK_BITS;

  private final long[] sumX;
  private final long[] sumY;
  private final long[] sumPrice;
  private final long[] pricedRows;
  private final int[] minPrice;
  private final int[] maxPrice;

  BlockSums(long[] keys, int[] prices, int size) {
    int blocks = size >>> BLOCK_BITS;
    sumX = new long[blocks + 1];
    sumY = new long[blocks + 1];
    sumPrice = new long[blocks + 1];
    pricedRows = new long[blocks + 1];
    minPrice = new int[blocks];
    maxPrice = new int[blocks];
    for (int b = 0; b < blocks; b++) {
      long sx = 0;
      long sy = 0;
      long sp = 0;
      long pc = 0;
      int min = Integer.MAX_VALUE;
      int max = -1;
      for (int i = b << BLOCK_BITS, end = i + BLOCK; i < end; i++) {
        long k = keys[i];
        sx += MortonKey.x(k);
        sy += MortonKey.y(k);
        int p = prices[i];
        if (p >= 0) {
          sp += p;
          pc++;
          min = Math.min(min, p);
          max = Math.max(max, p);
        }
      }
      sumX[b + 1] = sumX[b] + sx;
      sumY[b + 1] = sumY[b] + sy;
      sumPrice[b + 1] = sumPrice[b] + sp;
      pricedRows[b + 1] = pricedRows[b] + pc;
      minPrice[b] = min;
      maxPrice[b] = max;
    }
  }

  /** Adds whole blocks {@code [from, to)} (block numbers) to the accumulator. */
  void addBlocks(int from, int to, CellAccumulator acc) {
    acc.count += (long) (to - from) << BLOCK_BITS;
    acc.sumX += sumX[to] - sumX[from];
    acc.sumY += sumY[to] - sumY[from];
    acc.sumPrice += sumPrice[to] - sumPrice[from];
    acc.pricedRows += pricedRows[to] - pricedRows[from];
    int min = acc.minPrice;
    int max = acc.maxPrice;
    for (int b = from; b < to; b++) {
      min = Math.min(min, minPrice[b]);
      max = Math.max(max, maxPrice[b]);
    }
    acc.minPrice = min;
    acc.maxPrice = max;
  }

  /** Is {@code price} the min or max price of the (full) block? */
  boolean isExtreme(int block, int price) {
    return price == minPrice[block] || price == maxPrice[block];
  }

  /**
   * Adds one whole block less its dead rows' share, one step whatever the block holds. Returns
   * false, adding nothing, when that cannot be exact: a dead row held the block's min or max price
   * (the survivors' extremes are then unknown), or fewer than two rows survive (the cell may need
   * its single row's number).
   */
  boolean addBlockLessDead(int block, Tombstones dead, CellAccumulator acc) {
    long count = BLOCK - dead.deadCount(block);
    if (dead.hidesExtreme(block) || count < 2) {
      return false;
    }
    acc.count += count;
    acc.sumX += sumX[block + 1] - sumX[block] - dead.deadSumX(block);
    acc.sumY += sumY[block + 1] - sumY[block] - dead.deadSumY(block);
    acc.sumPrice += sumPrice[block + 1] - sumPrice[block] - dead.deadSumPrice(block);
    acc.pricedRows += pricedRows[block + 1] - pricedRows[block] - dead.deadPriced(block);
    acc.minPrice = Math.min(acc.minPrice, minPrice[block]);
    acc.maxPrice = Math.max(acc.maxPrice, maxPrice[block]);
    acc.lastRow = ((block + 1) << BLOCK_BITS) - 1;
    return true;
  }

  long bytes() {
    return 8L * (sumX.length * 4L) + 4L * (minPrice.length * 2L);
  }
}
