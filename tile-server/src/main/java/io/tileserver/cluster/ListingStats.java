package io.tileserver.cluster;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Market statistics of the listings in a box that pass a filter, exact, in two scans of the box: the
 * first gathers the counts, extremes and histogram and counts prices (and prices per sqft) per fine
 * bucket; the second keeps only the values of the buckets that hold the wanted positions, among which
 * {@link BucketSelect} finds the order statistics ({@code percentile_disc} semantics, so they equal
 * SQL's). The snapshot is immutable, so both scans see the same rows.
 *
 * <p>A box of many rows is scanned in two halves at once ({@link ScanSplit}, as a tile's scan): each
 * half counts and keeps on its own, and the halves are added up between and after the scans.
 *
 * <p>Under a filter of three columns or more, the first scan records the rows it matched
 * ({@link MatchedRows}) and the second visits just those, without the filter and box tests again.
 *
 * <p>Without a filter, whole blocks of main inside the box are taken from their {@link BlockTallies}
 * (less their dead rows) instead of their rows; the second scan then reads a block's prices, or its
 * prices and sqfts, only when its tallies say it holds values of a wanted bucket, in a loop over the
 * block's columns with a multiplication standing in for most of the divisions.
 *
 * <p>Memory per request: 128 kB of bucket counts, a few kB of other counters, the values of at most
 * four buckets (fine ones, each under 0.4% of a binary order of magnitude wide, or with whole blocks
 * coarse ones, about 1% of the values each), twice that when split, and under a dear filter a bit
 * per row from the first match to the last (1.25 MB for 10M rows). Not an array of every match: a
 * pile of equal prices is the only way to make a bucket large.
 */
public final class ListingStats {
  /**
   * @param count matching listings
   * @param price order statistics of the non-NULL prices; null when none has a price
   * @param histogram listings per {@link PriceEdges} bucket (NULL prices in none)
   * @param byType listings per property type (NULL not counted)
   * @param byStatus listings per status (NULL not counted)
   * @param byBedrooms listings per bedroom count, ascending (NULL not counted)
   * @param medianPricePerSqft {@code percentile_disc(0.5)} of price / sqft over listings with both and
   *     sqft > 0; null when none has
   * @param version the snapshot read
   */
  public record Stats(long count, Prices price, long[] histogram, Map<String, Long> byType,
      Map<String, Long> byStatus, Map<Integer, Long> byBedrooms, Double medianPricePerSqft, long version) {}

  /** {@code percentile_disc} at 0.1, 0.5 and 0.9 beside the extremes. */
  public record Prices(int min, int p10, int median, int p90, int max) {}

  /**
   * Filters testing this many columns or more have the first scan record its matches for the second
   * ({@link MatchedRows}); with fewer, testing the filter again is cheaper (in-process, 10M rows:
   * four columns 105 → 87 ms at the continent, a price range alone 80 → 97–110).
   */
  private static final int RECORD_FROM_COLUMNS = 3;

  private ListingStats() {}

  /**
   * Blocking: scans the box, a large one in two halves as {@code split} says. The histogram's buckets
   * are main's {@link ClusterIndex#priceEdges}.
   */
  public static Stats compute(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, BooleanSupplier stop,
      ScanSplit split) {
    PriceEdges edges = snapshot.main.priceEdges();
    boolean record = filter.testedColumns() >= RECORD_FROM_COLUMNS;
    Collector c = new Collector(edges, record);
    Collector other = ViewportScan.scan(snapshot, box, filter, stop, c, () -> new Collector(edges, record), split);
    if (other != null) {
      c.add(other);
    }
    Prices price = null;
    Double perSqft = null;
    if (c.prices.size() > 0) {
      c.prices.plan();
      if (c.perSqft.size() > 0) {
        c.perSqft.plan();
      }
      Keeper keeper = new Keeper(c.prices, c.perSqft.size() > 0 ? c.perSqft : null);
      Keeper twin;
      if (record && other != null) {
        Keeper second = keeper.twin();
        split.both(() -> c.matched.visit(snapshot, stop, keeper), () -> other.matched.visit(snapshot, stop, second));
        twin = second;
      } else if (record) {
        c.matched.visit(snapshot, stop, keeper);
        twin = null;
      } else {
        twin = ViewportScan.scan(snapshot, box, filter, stop, keeper, keeper::twin, split);
      }
      if (twin != null) {
        keeper.add(twin);
      }
      double[] p = c.prices.values();
      price = new Prices(c.min, (int) p[0], (int) p[1], (int) p[2], c.max);
      perSqft = c.perSqft.size() > 0 ? c.perSqft.values()[0] : null;
    }
    ClusterIndex main = snapshot.main;
    Map<Integer, Long> bedrooms = new LinkedHashMap<>();
    for (int b = 0; b < c.bedrooms.length; b++) {
      if (c.bedrooms[b] > 0) {
        bedrooms.put(b, c.bedrooms[b]);
      }
    }
    return new Stats(c.count, price, Arrays.copyOf(c.histogram, c.histogram.length),
        byCode(c.types, main.dictionary(ClusterAttribute.PROPERTY_TYPE)),
        byCode(c.statuses, main.dictionary(ClusterAttribute.STATUS)), bedrooms, perSqft, snapshot.version());
  }

  private static Map<String, Long> byCode(long[] counts, AttributeDictionary dictionary) {
    Map<String, Long> out = new LinkedHashMap<>();
    // Code 255 is NULL.
    for (int code = 0; code < 255; code++) {
      if (counts[code] > 0) {
        out.put(dictionary.value(code), counts[code]);
      }
    }
    return out;
  }

  /** The first scan: everything but the order statistics, whose values it only counts per bucket. */
  private static final class Collector implements ViewportScan.BlockSink {
    final PriceEdges edges;
    final BucketSelect prices = new BucketSelect(0.1, 0.5, 0.9);
    final BucketSelect perSqft = new BucketSelect(0.5);
    final long[] histogram;
    final long[] types = new long[256];
    final long[] statuses = new long[256];
    /** Indexed by the bedroom count (0..127); NULL (-1) is not counted. */
    final long[] bedrooms = new long[128];
    /** The rows it took, for the second scan, when the filter is dear; else null. */
    final MatchedRows matched;
    long count;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;

    Collector(PriceEdges edges, boolean record) {
      this.edges = edges;
      this.matched = record ? new MatchedRows() : null;
      this.histogram = new long[edges.buckets()];
    }

    /** Adds what {@code other} counted over the other half of a split scan. */
    void add(Collector other) {
      count += other.count;
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
      prices.add(other.prices);
      perSqft.add(other.perSqft);
      addAll(histogram, other.histogram);
      addAll(types, other.types);
      addAll(statuses, other.statuses);
      addAll(bedrooms, other.bedrooms);
    }

    private static void addAll(long[] to, long[] from) {
      for (int i = 0; i < to.length; i++) {
        to[i] += from[i];
      }
    }

    @Override
    public void accept(ClusterIndex part, int[] rows, int n, int base) {
      count += n;
      if (matched != null) {
        matched.add(base, rows, n);
      }
      for (int r = 0; r < n; r++) {
        int row = rows[r];
        types[part.types[row] & 0xFF]++;
        statuses[part.statuses[row] & 0xFF]++;
        int beds = part.bedrooms[row];
        if (beds >= 0) {
          bedrooms[beds]++;
        }
        int price = part.prices[row];
        if (price < 0) {
          continue;
        }
        prices.count(price);
        min = Math.min(min, price);
        max = Math.max(max, price);
        histogram[edges.bucket(price)]++;
        int sqft = part.sqfts[row];
        if (sqft > 0) {
          perSqft.count((double) price / sqft);
        }
      }
    }

    @Override
    public void acceptBlocks(ClusterIndex main, Tombstones dead, int from, int to) {
      BlockTallies tallies = main.tallies();
      for (int b = from; b < to; b++) {
        tallies.addCategories(b, types, statuses, bedrooms, histogram);
        tallies.addValues(b, prices, perSqft);
        int start = b << BlockTallies.BLOCK_BITS;
        int end = start + BlockTallies.BLOCK;
        int deadRows = dead.countIn(start, end);
        count += BlockTallies.BLOCK - deadRows;
        boolean extremesKnown = true;
        for (int row = dead.nextDead(start, end); row < end; row = dead.nextDead(row + 1, end)) {
          extremesKnown &= takeBack(main, tallies, row);
        }
        if (extremesKnown) {
          min = Math.min(min, tallies.minPrice(b));
          max = Math.max(max, tallies.maxPrice(b));
        } else {
          liveExtremes(main, dead, start, end);
        }
      }
    }

    /**
     * Takes a dead row of a tallied block back out of the counts; false when its price was one of
     * the block's extremes (the survivors' are then unknown).
     */
    private boolean takeBack(ClusterIndex main, BlockTallies tallies, int row) {
      // A NULL type or status (255) was not tallied; its slot goes negative and is never reported.
      types[main.types[row] & 0xFF]--;
      statuses[main.statuses[row] & 0xFF]--;
      int beds = main.bedrooms[row];
      if (beds >= 0) {
        bedrooms[beds]--;
      }
      int price = main.prices[row];
      if (price < 0) {
        return true;
      }
      histogram[edges.bucket(price)]--;
      CoarseBuckets priceBuckets = tallies.priceBuckets();
      prices.countCoarse(priceBuckets, priceBuckets.of(BucketSelect.bucket(price)), -1);
      int sqft = main.sqfts[row];
      if (sqft > 0) {
        CoarseBuckets ratioBuckets = tallies.ratioBuckets();
        perSqft.countCoarse(ratioBuckets, ratioBuckets.of(BucketSelect.bucket((double) price / sqft)), -1);
      }
      return price != tallies.minPrice(row >>> BlockTallies.BLOCK_BITS)
          && price != tallies.maxPrice(row >>> BlockTallies.BLOCK_BITS);
    }

    private void liveExtremes(ClusterIndex main, Tombstones dead, int start, int end) {
      for (int row = start; row < end; row++) {
        int price = main.prices[row];
        if (price >= 0 && !dead.isDead(row)) {
          min = Math.min(min, price);
          max = Math.max(max, price);
        }
      }
    }
  }

  /**
   * The second scan: hands each value to its selection, which keeps those of the wanted buckets.
   *
   * @param perSqft null when no listing has a price per sqft
   */
  private static final class Keeper implements ViewportScan.BlockSink {
    private final BucketSelect prices;
    private final BucketSelect perSqft;
    /**
     * The wanted prices as three ranges, for p10, median and p90 (least price and span, both offset
     * by MIN_VALUE for an unsigned compare), and the wanted prices per sqft as a middle and a reach
     * (NaN when there are none): see {@link #inPrices} and {@link #inRatios}.
     */
    private final long[] low = new long[3];
    private final long[] span = new long[3];
    private final double middle;
    private final double reach;

    /** @param perSqft null when no listing has a price per sqft */
    Keeper(BucketSelect prices, BucketSelect perSqft) {
      this.prices = prices;
      this.perSqft = perSqft;
      for (int f = 0; f < low.length; f++) {
        long least = (long) Math.ceil(prices.wantedLow(f));
        long beyond = (long) Math.min(1L << 32, Math.ceil(prices.wantedHigh(f)));
        low[f] = least + Long.MIN_VALUE;
        span[f] = beyond - least + Long.MIN_VALUE;
      }
      if (perSqft != null) {
        double high = perSqft.wantedHigh(0);
        middle = perSqft.wantedLow(0) / 2 + high / 2;
        reach = (high - perSqft.wantedLow(0)) / 2 + high * 1e-9;
      } else {
        middle = Double.NaN;
        reach = Double.NaN;
      }
    }

    /** A keeper for the other half of a split scan, with the same plans. */
    Keeper twin() {
      return new Keeper(prices.twin(), perSqft == null ? null : perSqft.twin());
    }

    /** Takes back what {@code twin} kept. */
    void add(Keeper twin) {
      prices.addKept(twin.prices);
      if (perSqft != null) {
        perSqft.addKept(twin.perSqft);
      }
    }

    @Override
    public void accept(ClusterIndex part, int[] rows, int n, int base) {
      int[] priceColumn = part.prices;
      int[] sqftColumn = part.sqfts;
      for (int r = 0; r < n; r++) {
        int row = rows[r];
        int price = priceColumn[row];
        int sqft = sqftColumn[row];
        if (inPrices(price) | inRatios(price, sqft)) {
          keep(price, sqft);
        }
      }
    }

    /** Reads a block's prices and sqfts only when its tallies say it holds a wanted value. */
    @Override
    public void acceptBlocks(ClusterIndex main, Tombstones dead, int from, int to) {
      BlockTallies tallies = main.tallies();
      int[] priceColumn = main.prices;
      int[] sqftColumn = main.sqfts;
      for (int b = from; b < to; b++) {
        if (!holdsWanted(tallies, b)) {
          continue;
        }
        int start = b << BlockTallies.BLOCK_BITS;
        int end = start + BlockTallies.BLOCK;
        boolean clean = !dead.anyIn(start, end);
        for (int row = start; row < end; row++) {
          int price = priceColumn[row];
          int sqft = sqftColumn[row];
          if ((inPrices(price) | inRatios(price, sqft)) && (clean || !dead.isDead(row))) {
            keep(price, sqft);
          }
        }
      }
    }

    /**
     * Candidates, found without a branch per test: a price in one of the three wanted ranges
     * (unsigned compares; a NULL price, -1, is in none).
     */
    private boolean inPrices(int price) {
      return price - low[0] < span[0] | price - low[1] < span[1] | price - low[2] < span[2];
    }

    /**
     * A price within reach · sqft of middle · sqft, which holds for every ratio in the wanted bucket
     * (the reach has a billionth of the bucket's high edge of slack for rounding), so only these pay
     * a division.
     */
    private boolean inRatios(int price, int sqft) {
      return Math.abs(price - middle * sqft) <= reach * sqft;
    }

    /** A candidate's values to the selections, which keep those of the wanted buckets. */
    private void keep(int price, int sqft) {
      if (price < 0) {
        return;
      }
      prices.keep(price);
      if (perSqft != null && sqft > 0) {
        perSqft.keep((double) price / sqft);
      }
    }

    private boolean holdsWanted(BlockTallies tallies, int b) {
      for (int f = 0; prices.countedCoarse() && f < low.length; f++) {
        if (tallies.prices(b, prices.wantedCoarse(f)) > 0) {
          return true;
        }
      }
      return perSqft != null && perSqft.countedCoarse() && tallies.ratios(b, perSqft.wantedCoarse(0)) > 0;
    }
  }
}
