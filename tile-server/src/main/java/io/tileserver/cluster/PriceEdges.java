package io.tileserver.cluster;

import java.util.Arrays;

/**
 * The lower edges of a source's price histogram, chosen once from every price of the source so the
 * buckets stay put while a map pans: about {@link #BUCKETS} buckets of equal population over the
 * whole source, each edge rounded to two significant digits (350,000 rather than 349,217), the first
 * at 0 and the last open-ended. Immutable.
 */
public final class PriceEdges {
  /** At most 2^{@link #SEARCH_STEPS}. */
  static final int BUCKETS = 20;

  /** {@link #bucket}'s search steps: they cover up to 2^SEARCH_STEPS buckets. */
  private static final int SEARCH_STEPS = 5;

  private final int[] lower;
  /** The lower edges padded with values above every price to 2^SEARCH_STEPS entries. */
  private final long[] padded;

  private PriceEdges(int[] lower) {
    this.lower = lower;
    this.padded = new long[1 << SEARCH_STEPS];
    Arrays.fill(padded, Long.MAX_VALUE);
    for (int i = 0; i < lower.length; i++) {
      padded[i] = lower[i];
    }
  }

  /** From every live, non-NULL price of the snapshot: O(n) copies and {@link #BUCKETS} selections. */
  public static PriceEdges of(ClusterSnapshot snapshot) {
    int[] prices = new int[snapshot.size()];
    int n = 0;
    for (int row = 0, rows = snapshot.main.size + snapshot.delta.size; row < rows; row++) {
      if (snapshot.isLive(row)) {
        int price = snapshot.price(row);
        if (price >= 0) {
          prices[n++] = price;
        }
      }
    }
    int[] edges = new int[BUCKETS];
    int count = 1;
    int from = 0;
    for (int b = 1; b < BUCKETS && n > 0; b++) {
      int k = OrderStatistics.position((double) b / BUCKETS, n);
      int edge = round(OrderStatistics.select(prices, from, n, k));
      from = k;
      if (edge > edges[count - 1]) {
        edges[count++] = edge;
      }
    }
    return new PriceEdges(Arrays.copyOf(edges, count));
  }

  /** {@code value} to two significant digits, half up. */
  static int round(int value) {
    if (value < 100) {
      return value;
    }
    long unit = 1;
    while (value / unit >= 100) {
      unit *= 10;
    }
    return (int) Math.min(Integer.MAX_VALUE, (value + unit / 2) / unit * unit);
  }

  /** Lower edges, ascending; bucket i holds prices from edge i up to (not including) edge i+1. */
  public int[] lower() {
    return lower.clone();
  }

  int buckets() {
    return lower.length;
  }

  /**
   * The bucket of a non-negative price: a binary search of fixed length over the padded edges, whose
   * steps compile to conditional moves, because a stats scan asks this of every matching row and a
   * data-dependent branch there mispredicts about every other time.
   */
  int bucket(int price) {
    int i = 0;
    for (int step = 1 << (SEARCH_STEPS - 1); step > 0; step >>= 1) {
      i += padded[i + step] <= price ? step : 0;
    }
    return i;
  }
}
