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
