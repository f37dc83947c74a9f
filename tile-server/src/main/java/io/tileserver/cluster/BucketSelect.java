package io.tileserver.cluster;

import java.util.Arrays;

/**
 * {@code percentile_disc} at a few fractions over values seen twice, holding only the values near the
 * wanted positions instead of every one: the first pass counts values per bucket, the second keeps
 * the values of the buckets that hold the wanted positions, and {@link OrderStatistics} selects among
 * those. A bucket is 1/256 of a binary order of magnitude (the double's exponent and top 8 mantissa
 * bits), so it is at most 0.4% wide and holds a small share of a spread-out population; only a pile
 * of equal values makes one large. Values are non-negative; those below 2^-32 share the zero bucket
 * and those from 2^32 the top one, which keeps the order and so the result exact. 64 kB of counts.
 *
 * <p>Whole blocks of rows may be counted by {@link CoarseBuckets} instead ({@link BlockTallies}); the
 * second pass then keeps every value of the coarse bucket (a run of fine ones) holding a wanted
 * position, since the block counts cannot tell its fine buckets apart.
 */
final class BucketSelect {
  private static final int MANTISSA_BITS = 8;
  private static final int KEY_SHIFT = 52 - MANTISSA_BITS;
  /** Keys of 2^-32 and up start at bucket 1; bucket 0 holds zero and anything smaller. */
  private static final int LOWEST_KEY = (1023 - 32) << MANTISSA_BITS;
  static final int BUCKETS = (64 << MANTISSA_BITS) + 1;

  private final int[] counts = new int[BUCKETS];
  private final double[] fractions;
  private int size;
  /** Counts per coarse bucket of {@link #coarse}, once whole blocks were counted; else null. */
  private long[] coarseCounts;
  private CoarseBuckets coarse;
  /**
   * After {@link #plan}: per fraction, the fine buckets whose values it keeps ({@code [low, high)}:
   * one fine bucket, or a coarse one once blocks were counted) and its position among their values.
   */
  private int[] low;
  private int[] high;
  private int[] within;
  /** Per fraction, the values kept for its bucket (fractions sharing a bucket share the array). */
  private double[][] kept;
  private int[] keptSize;
  /**
   * Per bucket, 1 + the first fraction wanting it, or 0: one well-predicted test per value in the
   * second pass, where comparing with each wanted bucket mispredicts for most values.
   */
  private byte[] wantedBy;

  /** @param fractions ascending, each in [0, 1], at most 127 */
  BucketSelect(double... fractions) {
    this.fractions = fractions.clone();
  }

  /** The bucket of a non-negative value; ascending with the value. */
  static int bucket(double value) {
    int key = (int) (Double.doubleToRawLongBits(value) >>> KEY_SHIFT) - LOWEST_KEY + 1;
    return Math.clamp(key, 0, BUCKETS - 1);
  }

  /** First pass: one value. */
  void count(double value) {
    counts[bucket(value)]++;
    size++;
  }

  /**
   * First pass: {@code n} values of coarse bucket {@code c} at once (negative to take back values
   * counted so). Every call of one selection passes the same {@code map}.
   */
  void countCoarse(CoarseBuckets map, int c, int n) {
    if (coarseCounts == null) {
      coarse = map;
      coarseCounts = new long[map.size()];
    }
    coarseCounts[c] += n;
    size += n;
  }

  /** The least value of fine bucket {@code fine} ({@link #BUCKETS}: infinity); ascending. */
  static double lowerBound(int fine) {
    if (fine == 0) {
      return 0;
    }
    if (fine == BUCKETS) {
      return Double.POSITIVE_INFINITY;
    }
    return Double.longBitsToDouble((long) (fine - 1 + LOWEST_KEY) << KEY_SHIFT);
  }

  /** Values counted. */
  int size() {
    return size;
  }

  /** First pass of a split scan: adds the counts of {@code other}, which saw the other rows. */
  void add(BucketSelect other) {
    for (int b = 0; b < BUCKETS; b++) {
      counts[b] += other.counts[b];
    }
    size += other.size;
    if (other.coarseCounts != null) {
      countCoarse(other.coarse, 0, 0);
      for (int c = 0; c < other.coarseCounts.length; c++) {
        coarseCounts[c] += other.coarseCounts[c];
      }
    }
  }

  /**
   * After {@link #plan}, a selection for the second pass over the other half of a split scan: it
   * keeps values by this one's plan into arrays of its own, which {@link #addKept} takes back.
   */
  BucketSelect twin() {
    BucketSelect twin = new BucketSelect(fractions);
    twin.coarse = coarse;
    twin.low = low;
    twin.high = high;
    twin.within = within;
    twin.wantedBy = wantedBy;
    twin.kept = new double[kept.length][];
    twin.keptSize = new int[kept.length];
    for (int f = 0; f < kept.length; f++) {
      twin.kept[f] = f > 0 && kept[f] == kept[f - 1] ? twin.kept[f - 1] : new double[kept[f].length];
    }
    return twin;
  }

  /** Second pass of a split scan: takes the values {@code twin} kept. */
  void addKept(BucketSelect twin) {
    for (int f = 0; f < kept.length; f++) {
      if (f > 0 && kept[f] == kept[f - 1]) {
        continue;
      }
      System.arraycopy(twin.kept[f], 0, kept[f], keptSize[f], twin.keptSize[f]);
      keptSize[f] += twin.keptSize[f];
    }
  }

  /**
   * Between the passes, once at least one value was counted: finds the buckets holding the wanted
   * positions.
   */
  void plan() {
    int wanted = fractions.length;
    low = new int[wanted];
    high = new int[wanted];
    within = new int[wanted];
    kept = new double[wanted][];
    keptSize = new int[wanted];
    int group = 0;
    long before = 0;
    long inGroup = groupCount(0);
    for (int f = 0; f < wanted; f++) {
      int position = OrderStatistics.position(fractions[f], size);
      while (before + inGroup <= position) {
        before += inGroup;
        inGroup = groupCount(++group);
      }
      low[f] = coarse == null ? group : coarse.start(group);
      high[f] = coarse == null ? group + 1 : coarse.end(group);
      within[f] = (int) (position - before);
      kept[f] = f > 0 && low[f - 1] == low[f] ? kept[f - 1] : new double[(int) inGroup];
    }
    wantedBy = new byte[BUCKETS];
    for (int f = wanted - 1; f >= 0; f--) {
      Arrays.fill(wantedBy, low[f], high[f], (byte) (f + 1));
    }
  }

  /** Values counted in a fine bucket, or once blocks were counted, in a coarse one. */
  private long groupCount(int group) {
    if (coarse == null) {
      return counts[group];
    }
    long n = coarseCounts[group];
    for (int b = coarse.start(group); b < coarse.end(group); b++) {
      n += counts[b];
    }
    return n;
  }

  /** Were whole blocks counted (so {@link #wantedCoarse} has an answer)? */
  boolean countedCoarse() {
    return coarse != null;
  }

  /** After {@link #plan}, the coarse bucket fraction {@code f} keeps; only once blocks were counted. */
  int wantedCoarse(int f) {
    return coarse.of(low[f]);
  }

  /** After {@link #plan}, the least value fraction {@code f} keeps. */
  double wantedLow(int f) {
    return lowerBound(low[f]);
  }

  /** After {@link #plan}, the least value above those fraction {@code f} keeps (may be infinite). */
  double wantedHigh(int f) {
    return lowerBound(high[f]);
  }

  /** Second pass: one value, the same ones as the first pass saw. */
  void keep(double value) {
    int f = wantedBy[bucket(value)] - 1;
    if (f >= 0) {
      kept[f][keptSize[f]++] = value;
    }
  }

  /** After the second pass, the value at each fraction; needs at least one value. */
  double[] values() {
    double[] out = new double[fractions.length];
    for (int f = 0; f < fractions.length; f++) {
      int first = f;
      while (first > 0 && low[first - 1] == low[f]) {
        first--;
      }
      // Fractions sharing buckets filled the first one's array; selections narrow it left to right.
      int from = f == first ? 0 : within[f - 1];
      out[f] = OrderStatistics.select(kept[first], from, keptSize[first], within[f]);
    }
    return out;
  }
}
