package io.tileserver.cluster;

/**
 * Per block of {@link BlockSums#BLOCK} rows (the last one possibly short): the least and greatest id,
 * price, sqft and bedrooms (NULLs left out). From them, the least (rank, id) any row of the block can
 * have in each {@link ListingSort}, so a sorted search visits blocks from the most promising and
 * stops at the first whose bound is past its page's last listing: the 51 cheapest listings of a
 * continent then read a few dozen blocks instead of 10M rows ({@link ListingSearch}). Dead rows
 * only loosen a bound, never break it. 34 bytes a block, 0.033 bytes a point; a delta has its own.
 */
final class BlockBounds {
  private final long[] minId;
  private final long[] maxId;
  private final int[] minPrice;
  private final int[] maxPrice;
  private final int[] minSqft;
  private final int[] maxSqft;
  private final byte[] minBeds;
  private final byte[] maxBeds;

  BlockBounds(RowIds ids, int[] prices, int[] sqfts, byte[] bedrooms, int size) {
    int blocks = (size + BlockSums.BLOCK - 1) >>> BlockSums.BLOCK_BITS;
    minId = new long[blocks];
    maxId = new long[blocks];
    minPrice = new int[blocks];
    maxPrice = new int[blocks];
    minSqft = new int[blocks];
    maxSqft = new int[blocks];
    minBeds = new byte[blocks];
    maxBeds = new byte[blocks];
    for (int b = 0; b < blocks; b++) {
      long idLow = Long.MAX_VALUE;
      long idHigh = Long.MIN_VALUE;
      int priceLow = Integer.MAX_VALUE;
      int priceHigh = -1;
      int sqftLow = Integer.MAX_VALUE;
      int sqftHigh = -1;
      int bedsLow = Integer.MAX_VALUE;
      int bedsHigh = -1;
      for (int row = b << BlockSums.BLOCK_BITS, end = Math.min(size, row + BlockSums.BLOCK); row < end; row++) {
        long id = ids.get(row);
        idLow = Math.min(idLow, id);
        idHigh = Math.max(idHigh, id);
        // Packed NULLs are -1: out of the least by the unsigned view, below any greatest as they are.
        priceLow = Integer.compareUnsigned(prices[row], priceLow) < 0 ? prices[row] : priceLow;
        priceHigh = Math.max(priceHigh, prices[row]);
        sqftLow = Integer.compareUnsigned(sqfts[row], sqftLow) < 0 ? sqfts[row] : sqftLow;
        sqftHigh = Math.max(sqftHigh, sqfts[row]);
        bedsLow = bedrooms[row] >= 0 ? Math.min(bedsLow, bedrooms[row]) : bedsLow;
        bedsHigh = Math.max(bedsHigh, bedrooms[row]);
      }
      minId[b] = idLow;
      maxId[b] = idHigh;
      minPrice[b] = priceLow;
      maxPrice[b] = priceHigh;
      minSqft[b] = sqftLow;
      maxSqft[b] = sqftHigh;
      minBeds[b] = (byte) (bedsLow == Integer.MAX_VALUE ? -1 : bedsLow);
      maxBeds[b] = (byte) bedsHigh;
    }
  }

  /** No row of the block ranks before this in {@code sort} ({@link ListingSort#rank}). */
  long leastRank(ListingSort sort, int block) {
    return switch (sort) {
      case PRICE -> ascending(maxPrice[block], minPrice[block]);
      case PRICE_DESC -> descending(maxPrice[block]);
      case NEWEST -> -maxId[block];
      case OLDEST -> minId[block];
      case SQFT -> ascending(maxSqft[block], minSqft[block]);
      case SQFT_DESC -> descending(maxSqft[block]);
      case BEDS -> ascending(maxBeds[block], minBeds[block]);
      case BEDS_DESC -> descending(maxBeds[block]);
    };
  }

  /** No row of the block has a smaller id: with {@link #leastRank}, a bound on (rank, id) pairs. */
  long leastId(int block) {
    return minId[block];
  }

  /** The least rank of an ascending column: its least value, or NULL's rank when every value is NULL. */
  private static long ascending(int greatest, int least) {
    return greatest < 0 ? ListingSort.NULL_RANK : least;
  }

  private static long descending(int greatest) {
    return greatest < 0 ? ListingSort.NULL_RANK : -(long) greatest;
  }

  long bytes() {
    return 34L * minId.length;
  }
}
