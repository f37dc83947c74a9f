package io.tileserver.cluster;

/**
 * The running aggregate of one cell while a scan walks its rows; a mutable holder reused for every
 * cell so the scan allocates nothing.
 */
final class CellAccumulator {
  long count;
  long sumX;
  long sumY;
  long sumPrice;
  long pricedRows;
  int minPrice;
  int maxPrice;
  /** The last matching row; the cell's only member when count is 1. */
  int lastRow;

  /** Adds one row at {@code key} with {@code price} (-1 for none: counted, but in no price sum or minimum). */
  void add(long key, int price, int row) {
    count++;
    sumX += MortonKey.x(key);
    sumY += MortonKey.y(key);
    if (price >= 0) {
      sumPrice += price;
      pricedRows++;
      minPrice = Math.min(minPrice, price);
    }
    maxPrice = Math.max(maxPrice, price);
    lastRow = row;
  }

  void reset() {
    count = 0;
    sumX = 0;
    sumY = 0;
    sumPrice = 0;
    pricedRows = 0;
    minPrice = Integer.MAX_VALUE;
    maxPrice = -1;
    lastRow = -1;
  }
}
