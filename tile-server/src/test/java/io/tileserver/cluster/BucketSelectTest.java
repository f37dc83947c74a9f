package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The two-pass bucketed select against a sort of the same values ({@code percentile_disc}: the value at
 * sorted position {@code ceil(f·n) − 1}), for spread-out values, heavy ties, all-equal values, one
 * value, zeros and values beyond the bucketed range, at fractions that share a bucket and ones that
 * don't; and with part of the values counted only by coarse bucket, as whole blocks are.
 */
class BucketSelectTest {
  private static final double[] FRACTIONS = {0, 0.1, 0.5, 0.9, 1};

  @Test
  void spreadOutValuesGiveTheSortedValuesAtEachFraction() {
    Random random = new Random(1);
    for (int n : new int[] {1, 2, 3, 10, 999, 100_000}) {
      checkAgainstSort(n, () -> random.nextInt(3_000_000), FRACTIONS);
      checkAgainstSort(n, () -> Math.exp(random.nextGaussian() * 3), FRACTIONS);
    }
  }

  @Test
  void tiesAndEqualValuesSharingABucketStillSelectExactly() {
    Random random = new Random(2);
    checkAgainstSort(50_000, () -> 100_000 * (1 + random.nextInt(5)), FRACTIONS);
    checkAgainstSort(50_000, () -> 499_000 + random.nextInt(3), FRACTIONS);
    checkAgainstSort(20_000, () -> 350_000, FRACTIONS);
    checkAgainstSort(1, () -> 7, new double[] {0.5});
  }

  @Test
  void zerosTinyAndHugeValuesKeepTheirOrderAtTheEndsOfTheRange() {
    Random random = new Random(3);
    double[] pool = {0, 1e-300, 1e-12, 2.5e-10, 3.0e-10, 1, 4e9, 5e12, 1e300, Double.MIN_VALUE};
    checkAgainstSort(10_000, () -> pool[random.nextInt(pool.length)], FRACTIONS);
    checkAgainstSort(10_000, () -> random.nextBoolean() ? 0 : 1e-15 * random.nextInt(10), FRACTIONS);
  }

  @Test
  void valuesCountedByCoarseBucketSelectExactlyBesideValuesCountedOneByOne() {
    Random random = new Random(4);
    for (DoubleSupplier draw : new DoubleSupplier[] {() -> random.nextInt(3_000_000),
        () -> Math.exp(random.nextGaussian() * 3), () -> 100_000 * (1 + random.nextInt(5))}) {
      double[] values = new double[60_000];
      long[] fine = new long[BucketSelect.BUCKETS];
      for (int i = 0; i < values.length; i++) {
        values[i] = draw.getAsDouble();
        fine[BucketSelect.bucket(values[i])]++;
      }
      CoarseBuckets coarse = CoarseBuckets.of(fine, 64);
      BucketSelect select = new BucketSelect(FRACTIONS);
      for (int i = 0; i < values.length; i++) {
        if (i % 3 == 0) {
          select.count(values[i]);
        } else {
          select.countCoarse(coarse, coarse.of(BucketSelect.bucket(values[i])), 1);
        }
      }
      select.plan();
      for (double v : values) {
        select.keep(v);
      }
      assertThat(select.values()).containsExactly(sortedAt(values, FRACTIONS));
    }
  }

  @Test
  void aFineBucketHoldsTheValuesFromItsLowerBoundToTheNextOnesBound() {
    Random random = new Random(5);
    for (int i = 0; i < 100_000; i++) {
      double v = i % 2 == 0 ? random.nextInt(20_000_000) : Math.exp(random.nextGaussian() * 10);
      int b = BucketSelect.bucket(v);
      assertThat(BucketSelect.lowerBound(b)).as("%s", v).isLessThanOrEqualTo(v);
      assertThat(BucketSelect.lowerBound(b + 1)).as("%s", v).isGreaterThan(v);
      assertThat(BucketSelect.bucket(BucketSelect.lowerBound(b))).isEqualTo(b);
    }
    assertThat(BucketSelect.lowerBound(BucketSelect.BUCKETS)).isInfinite();
  }

  private static double[] sortedAt(double[] values, double[] fractions) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] out = new double[fractions.length];
    for (int f = 0; f < fractions.length; f++) {
      out[f] = sorted[Math.max(0, (int) Math.ceil(fractions[f] * values.length) - 1)];
    }
    return out;
  }

  private static void checkAgainstSort(int n, DoubleSupplier draw, double[] fractions) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = draw.getAsDouble();
    }
    BucketSelect select = new BucketSelect(fractions);
    for (double v : values) {
      select.count(v);
    }
    assertThat(select.size()).isEqualTo(n);
    select.plan();
    for (double v : values) {
      select.keep(v);
    }
    double[] expected = sortedAt(values, fractions);
    assertThat(select.values()).as("n=%d, first values %s", n, Arrays.toString(Arrays.copyOf(values, 5)))
        .containsExactly(expected);
  }
}
