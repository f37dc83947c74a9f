package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Runs of {@link BucketSelect}'s fine buckets holding about equal shares of one index's values, so
 * {@link BlockTallies} can count a block's values in a few hundred bytes: a value's coarse bucket is
 * the run holding its fine bucket. A fine bucket with a large share (a pile of equal values) is a run
 * of its own. Immutable.
 */
final class CoarseBuckets {
  /** Per coarse bucket, its first fine bucket; one more entry holds {@link BucketSelect#BUCKETS}. */
  private final int[] starts;
  /** Per fine bucket, its coarse bucket. */
  private final byte[] coarseOf;

  private CoarseBuckets(int[] starts) {
    this.starts = starts;
    coarseOf = new byte[BucketSelect.BUCKETS];
    for (int c = 0; c + 1 < starts.length; c++) {
      Arrays.fill(coarseOf, starts[c], starts[c + 1], (byte) c);
    }
  }

  /**
   * Cuts the fine buckets into at most {@code target} runs (≤ 256) of about equal count.
   *
   * @param fineCounts values per fine bucket
   */
  static CoarseBuckets of(long[] fineCounts, int target) {
    long total = 0;
    for (long count : fineCounts) {
      total += count;
    }
    int[] starts = new int[target + 1];
    int size = 1;
    long seen = 0;
    // The next run starts where `next` shares of the total lie before it; after a large fine bucket
    // the shares it covered are skipped, and no run starts once every value lies before it.
    long next = 1;
    for (int f = 0; f < BucketSelect.BUCKETS; f++) {
      if (seen < total && seen * target >= next * total) {
        starts[size++] = f;
        next = seen * target / total + 1;
      }
      seen += fineCounts[f];
    }
    starts[size] = BucketSelect.BUCKETS;
    return new CoarseBuckets(Arrays.copyOf(starts, size + 1));
  }

  int size() {
    return starts.length - 1;
  }

  /** The coarse bucket of fine bucket {@code fine}. */
  int of(int fine) {
    return coarseOf[fine] & 0xFF;
  }

  /** The first fine bucket of coarse bucket {@code c}. */
  int start(int c) {
    return starts[c];
  }

  /** One past the last fine bucket of coarse bucket {@code c}. */
  int end(int c) {
    return starts[c + 1];
  }

  long bytes() {
    return 4L * starts.length + coarseOf.length;
  }
}
