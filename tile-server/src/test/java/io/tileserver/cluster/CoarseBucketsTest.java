package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Coarse buckets: consecutive runs of fine buckets covering them all, of about equal counts. */
class CoarseBucketsTest {
  @Test
  void runsCoverEveryFineBucketInOrderWithAboutEqualCounts() {
    Random random = new Random(1);
    long[] fine = new long[BucketSelect.BUCKETS];
    for (int i = 0; i < 200_000; i++) {
      fine[BucketSelect.bucket(Math.exp(12 + random.nextGaussian()))]++;
    }
    CoarseBuckets coarse = CoarseBuckets.of(fine, 128);
    assertThat(coarse.size()).isBetween(120, 128);
    assertCovers(coarse);
    long largestFine = Arrays.stream(fine).max().orElseThrow();
    for (int c = 0; c < coarse.size(); c++) {
      long n = 0;
      for (int f = coarse.start(c); f < coarse.end(c); f++) {
        n += fine[f];
      }
      assertThat(n).as("run %d", c).isLessThanOrEqualTo(200_000 / 128 + largestFine);
    }
  }

  @Test
  void aPileOfEqualValuesEndsItsRunAndTheValuesAfterItStillGetRuns() {
    long[] fine = new long[BucketSelect.BUCKETS];
    int pile = BucketSelect.bucket(500_000);
    fine[pile] = 1_000_000;
    for (int f = pile + 1; f < pile + 1_000; f++) {
      fine[f] = 100;
    }
    CoarseBuckets coarse = CoarseBuckets.of(fine, 64);
    assertCovers(coarse);
    int run = coarse.of(pile);
    assertThat(coarse.end(run)).isEqualTo(pile + 1);
    assertThat(coarse.size()).isGreaterThan(run + 1);
  }

  @Test
  void noValuesMakeOneRun() {
    CoarseBuckets coarse = CoarseBuckets.of(new long[BucketSelect.BUCKETS], 64);
    assertThat(coarse.size()).isEqualTo(1);
    assertCovers(coarse);
  }

  private static void assertCovers(CoarseBuckets coarse) {
    assertThat(coarse.start(0)).isZero();
    assertThat(coarse.end(coarse.size() - 1)).isEqualTo(BucketSelect.BUCKETS);
    for (int c = 0; c < coarse.size(); c++) {
      assertThat(coarse.end(c)).isGreaterThan(coarse.start(c));
      for (int f = coarse.start(c); f < coarse.end(c); f++) {
        assertThat(coarse.of(f)).isEqualTo(c);
      }
    }
  }
}
