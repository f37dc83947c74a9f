package io.tileserver.cluster;

/**
 * {@code percentile_disc} over a {@code double[]}, in place: the value at 0-based position
 * {@code ceil(f·n) − 1} (0 for f = 0) of the sorted values, found by quickselect (expected O(n), no
 * sort, no boxing). Written here because the libraries at hand interpolate between neighbours
 * (Guava's {@code Quantiles}) or select over objects, and the stats must equal SQL's
 * {@code percentile_disc} exactly.
 */
final class OrderStatistics {
  private OrderStatistics() {}

  /** The 0-based sorted position {@code percentile_disc(fraction)} returns among {@code n} values. */
  static int position(double fraction, int n) {
    return Math.max(0, (int) Math.ceil(fraction * n) - 1);
  }

  /**
   * Moves the k-th smallest of {@code a[from..to)} (none NaN) to position k, smaller ones before it
   * and larger after it, and returns it.
   */
  static double select(double[] a, int from, int to, int k) {
    int lo = from;
    int hi = to - 1;
    while (hi > lo) {
      double pivot = median(a[lo], a[(lo + hi) >>> 1], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i++] = a[j];
          a[j--] = t;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  private static double median(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
