package io.tileserver.cluster;

/**
 * Per piece of rows — a block of {@link BlockSums#BLOCK} rows in key order (the last one possibly
 * short), or a {@link LowZoomOrder} group — the least and greatest id, price, sqft and bedrooms
 * (NULLs left out), and whether a sqft is NULL. From them, the least (rank, id) any row of the piece
 * can have in each {@link ListingSort}, so a sorted search visits pieces from the most promising and
 * stops at the first whose bound is past its page's last listing: the 51 cheapest listings of a
 * continent then read a few dozen blocks instead of 10M rows ({@link ListingSearch}). A group's rows
 * share their bedrooms, bathrooms, type and status, so its bounds hold for exactly the rows a filter
 * on those admits, where a block's mix every kind; and a sqft range takes or refuses a whole group
 * when its sqfts all lie in or out of it ({@link #sqftFit}, for {@link LowZoomOrder}'s tiles). Dead
 * rows only loosen a bound, never break it. 35 bytes a piece: 0.034 bytes a point for blocks, ~0.07
 * for groups; a delta has its own blocks.
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
  /** Whether some row of the piece has a NULL sqft. */
  private final boolean[] nullSqft;

  /** How a sqft range meets a piece's rows. */
  enum Fit {
    /** Every row's sqft is in the range. */
    ALL,
    /** No row's is. */
    NONE,
    /** Some rows' may be. */
    SOME
  }

  /** Per block of {@link BlockSums#BLOCK} rows in key order. */
  BlockBounds(RowIds ids, int[] prices, int[] sqfts, byte[] bedrooms, int size) {
    this(ids, prices, sqfts, bedrooms, null, blockStarts(size));
  }

  /**
   * Per run of positions {@code [start[p], start[p + 1])} of {@code order} (main rows by position;
   * null: position = row).
   */
  BlockBounds(RowIds ids, int[] prices, int[] sqfts, byte[] bedrooms, int[] order, int[] start) {
    int pieces = start.length - 1;
    minId = new long[pieces];
    maxId = new long[pieces];
    minPrice = new int[pieces];
    maxPrice = new int[pieces];
    minSqft = new int[pieces];
    maxSqft = new int[pieces];
    minBeds = new byte[pieces];
    maxBeds = new byte[pieces];
    nullSqft = new boolean[pieces];
    for (int b = 0; b < pieces; b++) {
      long idLow = Long.MAX_VALUE;
      long idHigh = Long.MIN_VALUE;
      int priceLow = Integer.MAX_VALUE;
      int priceHigh = -1;
      int sqftLow = Integer.MAX_VALUE;
      int sqftHigh = -1;
      int bedsLow = Integer.MAX_VALUE;
      int bedsHigh = -1;
      boolean sqftNull = false;
      for (int p = start[b]; p < start[b + 1]; p++) {
        int row = order == null ? p : order[p];
        long id = ids.get(row);
        idLow = Math.min(idLow, id);
        idHigh = Math.max(idHigh, id);
        // Packed NULLs are -1: out of the least by the unsigned view, below any greatest as they are.
        priceLow = Integer.compareUnsigned(prices[row], priceLow) < 0 ? prices[row] : priceLow;
        priceHigh = Math.max(priceHigh, prices[row]);
        sqftLow = Integer.compareUnsigned(sqfts[row], sqftLow) < 0 ? sqfts[row] : sqftLow;
        sqftHigh = Math.max(sqftHigh, sqfts[row]);
        sqftNull |= sqfts[row] < 0;
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
      nullSqft[b] = sqftNull;
    }
  }

  private static int[] blockStarts(int size) {
    int blocks = (size + BlockSums.BLOCK - 1) >>> BlockSums.BLOCK_BITS;
    int[] starts = new int[blocks + 1];
    for (int b = 0; b < blocks; b++) {
      starts[b] = b << BlockSums.BLOCK_BITS;
    }
    starts[blocks] = size;
    return starts;
  }

  /** No row of the piece ranks before this in {@code sort} ({@link ListingSort#rank}). */
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

  /** No row of the piece has a smaller id: with {@link #leastRank}, a bound on (rank, id) pairs. */
  long leastId(int block) {
    return minId[block];
  }

  /** How the sqft range [low, high] ({@code low ≥ 0}) meets the piece's rows. */
  Fit sqftFit(int piece, int low, long high) {
    if (maxSqft[piece] < low || minSqft[piece] > high) {
      // Every sqft NULL (the greatest is then -1) or outside.
      return Fit.NONE;
    }
    return !nullSqft[piece] && minSqft[piece] >= low && maxSqft[piece] <= high ? Fit.ALL : Fit.SOME;
  }

  /** The least rank of an ascending column: its least value, or NULL's rank when every value is NULL. */
  private static long ascending(int greatest, int least) {
    return greatest < 0 ? ListingSort.NULL_RANK : least;
  }

  private static long descending(int greatest) {
    return greatest < 0 ? ListingSort.NULL_RANK : -(long) greatest;
  }

  long bytes() {
    return 35L * minId.length;
  }
}
