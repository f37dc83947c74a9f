package io.tileserver.cluster;

import java.util.Arrays;
import java.util.function.DoubleConsumer;

/**
 * The lower edges of a source's price histogram, chosen once from every price of the source so the
 * buckets stay put while a map pans: about {@link #BUCKETS} buckets of equal population over the
 * whole source, each edge rounded to two significant digits (350,000 rather than 349,217), the first
 * at 0 and the last open-ended. Immutable.
 */
public final class PriceEdges {
  /** At most 127 (bucket numbers are kept in bytes). */
  static final int BUCKETS = 20;

  private final int[] lower;
  /** The lower edges and, after them, one above every price. */
  private final long[] edges;
  /**
   * Per {@link BucketSelect} bucket, the last price bucket whose edge lies in an earlier fine bucket:
   * a price's bucket is that one or, only when an edge shares the price's fine bucket (under 0.4%
   * wide), a later one.
   */
  private final byte[] startByFineBucket;

  private PriceEdges(int[] lower) {
    this.lower = lower;
    this.edges = new long[lower.length + 1];
    for (int i = 0; i < lower.length; i++) {
      edges[i] = lower[i];
    }
    edges[lower.length] = Long.MAX_VALUE;
    startByFineBucket = new byte[BucketSelect.BUCKETS];
    for (int i = 0; i < lower.length; i++) {
      Arrays.fill(startByFineBucket, Math.min(BucketSelect.BUCKETS, BucketSelect.bucket(lower[i]) + 1),
          BucketSelect.BUCKETS, (byte) i);
    }
  }

  /**
   * From every live, non-NULL price of the snapshot: {@link #BUCKETS} − 1 order statistics, found in
   * two passes by {@link BucketSelect} instead of a copy of every price.
   */
  public static PriceEdges of(ClusterSnapshot snapshot) {
    double[] fractions = new double[BUCKETS - 1];
    for (int b = 1; b < BUCKETS; b++) {
      fractions[b - 1] = (double) b / BUCKETS;
    }
    BucketSelect select = new BucketSelect(fractions);
    forEachPrice(snapshot, select::count);
    int[] edges = new int[BUCKETS];
    int count = 1;
    if (select.size() > 0) {
      select.plan();
      forEachPrice(snapshot, select::keep);
      for (double value : select.values()) {
        int edge = round((int) value);
        if (edge > edges[count - 1]) {
          edges[count++] = edge;
        }
      }
    }
    return new PriceEdges(Arrays.copyOf(edges, count));
  }

  private static void forEachPrice(ClusterSnapshot snapshot, DoubleConsumer sink) {
    for (int row = 0, rows = snapshot.main.size + snapshot.delta.size; row < rows; row++) {
      if (snapshot.isLive(row)) {
        int price = snapshot.price(row);
        if (price >= 0) {
          sink.accept(price);
        }
      }
    }
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
   * The bucket of a non-negative price: a table lookup and a walk that is almost never taken, because
   * a stats scan asks this of every matching row and a binary search's branches mispredict there.
   */
  int bucket(int price) {
    int b = startByFineBucket[BucketSelect.bucket(price)];
    while (edges[b + 1] <= price) {
      b++;
    }
    return b;
  }
}
