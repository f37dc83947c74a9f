package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Sorts 62-bit Morton keys with the permutation that sorts them: a stable LSD radix sort, 11 bits a
 * pass, histograms for all passes gathered in one read. A pass whose digit is the same for every key
 * (high bits of a regional data set) is skipped. Costs two long and two int arrays of n; no object
 * per key. Stable, so equal keys keep their load order.
 */
final class KeySorter {
  private static final int DIGIT_BITS = 11;
  private static final int RADIX = 1 << DIGIT_BITS;
  private static final int PASSES = (2 * MortonKey.BITS + DIGIT_BITS - 1) / DIGIT_BITS;

  /** The result: keys in ascending order and, for each sorted position, the input position. */
  record Sorted(long[] keys, int[] order) {}

  private KeySorter() {}

  /** Sorts the first {@code n} keys; {@code keys} is reused as scratch (its content is lost). */
  static Sorted sort(long[] keys, int n) {
    int[][] counts = new int[PASSES][RADIX];
    for (int i = 0; i < n; i++) {
      long k = keys[i];
      for (int p = 0; p < PASSES; p++) {
        counts[p][(int) (k >>> (p * DIGIT_BITS)) & (RADIX - 1)]++;
      }
    }
    long[] srcKeys = keys;
    long[] dstKeys = new long[n];
    int[] srcOrder = new int[n];
    int[] dstOrder = new int[n];
    for (int i = 0; i < n; i++) {
      srcOrder[i] = i;
    }
    for (int p = 0; p < PASSES; p++) {
      int[] count = counts[p];
      if (n == 0 || isSingleBucket(count, n)) {
        continue;
      }
      int[] next = new int[RADIX];
      for (int d = 0, sum = 0; d < RADIX; d++) {
        next[d] = sum;
        sum += count[d];
      }
      int shift = p * DIGIT_BITS;
      for (int i = 0; i < n; i++) {
        long k = srcKeys[i];
        int at = next[(int) (k >>> shift) & (RADIX - 1)]++;
        dstKeys[at] = k;
        dstOrder[at] = srcOrder[i];
      }
      long[] tk = srcKeys;
      srcKeys = dstKeys;
      dstKeys = tk;
      int[] to = srcOrder;
      srcOrder = dstOrder;
      dstOrder = to;
    }
    if (srcKeys.length != n) {
      srcKeys = Arrays.copyOf(srcKeys, n);
    }
    return new Sorted(srcKeys, srcOrder);
  }

  private static boolean isSingleBucket(int[] count, int n) {
    for (int c : count) {
      if (c == n) {
        return true;
      }
      if (c != 0) {
        return false;
      }
    }
    return false;
  }
}
