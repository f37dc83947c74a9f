package io.tileserver.cluster;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Market statistics of the listings in a box that pass a filter, exact: one scan gathers the counts,
 * extremes and histogram, and copies each matching price (and price per sqft) into a primitive array
 * whose order statistics quickselect then finds ({@link OrderStatistics}, {@code percentile_disc}
 * semantics, so they equal SQL's).
 *
 * <p>Memory per request: those two arrays, 12 bytes per matching listing, so at most 12 bytes per
 * live listing (120 MB for a continent of 10M). They are kept per thread and reused, and the
 * {@code cluster} worker lane runs {@code limits.cluster-threads} requests at once, so the stats
 * hold at most that many of them; everything else is a few kB of counters.
 */
public final class ListingStats {
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Grown on demand, never shrunk: the largest box a lane thread has answered. */
  private static final class Scratch {
    int[] prices = new int[1024];
    double[] perSqft = new double[1024];
  }

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

  private ListingStats() {}

  /** Blocking: scans the box. */
  public static Stats compute(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, PriceEdges edges,
      BooleanSupplier stop) {
    Collector c = new Collector(edges, SCRATCH.get());
    ViewportScan.scan(snapshot, box, filter, stop, c);
    Prices price = null;
    if (c.priced > 0) {
      int[] p = c.scratch.prices;
      int n = c.priced;
      int k10 = OrderStatistics.position(0.1, n);
      int k50 = OrderStatistics.position(0.5, n);
      int k90 = OrderStatistics.position(0.9, n);
      // Each selection leaves larger values after its position, so the next searches only those.
      int p10 = OrderStatistics.select(p, 0, n, k10);
      int median = OrderStatistics.select(p, k10, n, k50);
      int p90 = OrderStatistics.select(p, k50, n, k90);
      price = new Prices(c.min, p10, median, p90, c.max);
    }
    Double perSqft = c.withSqft == 0 ? null
        : OrderStatistics.select(c.scratch.perSqft, 0, c.withSqft, OrderStatistics.position(0.5, c.withSqft));
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

  private static final class Collector implements ViewportScan.Sink {
    final PriceEdges edges;
    final Scratch scratch;
    final long[] histogram;
    final long[] types = new long[256];
    final long[] statuses = new long[256];
    /** Indexed by the bedroom count (0..127); NULL (-1) is not counted. */
    final long[] bedrooms = new long[128];
    long count;
    int priced;
    int withSqft;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;

    Collector(PriceEdges edges, Scratch scratch) {
      this.edges = edges;
      this.scratch = scratch;
      this.histogram = new long[edges.buckets()];
    }

    @Override
    public void accept(ClusterIndex part, int[] rows, int n, int base) {
      count += n;
      ensure(n);
      int[] prices = scratch.prices;
      double[] perSqft = scratch.perSqft;
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
        prices[priced++] = price;
        min = Math.min(min, price);
        max = Math.max(max, price);
        histogram[edges.bucket(price)]++;
        int sqft = part.sqfts[row];
        if (sqft > 0) {
          perSqft[withSqft++] = (double) price / sqft;
        }
      }
    }

    private void ensure(int more) {
      if (priced + more > scratch.prices.length) {
        scratch.prices = Arrays.copyOf(scratch.prices, Math.max(priced + more, scratch.prices.length * 2));
      }
      if (withSqft + more > scratch.perSqft.length) {
        scratch.perSqft = Arrays.copyOf(scratch.perSqft, Math.max(withSqft + more, scratch.perSqft.length * 2));
      }
    }
  }
}
