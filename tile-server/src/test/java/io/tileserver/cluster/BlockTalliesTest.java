package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Each block's tallies against a count of its rows: per type, status, bedrooms and histogram bucket,
 * per coarse bucket of price and of price per sqft, and the price extremes; the last partial block
 * is not tallied.
 */
class BlockTalliesTest {
  @Test
  void eachBlocksTalliesAreTheCountsOfItsRows() {
    ClusterIndex index = new LiveListings(7, 3 * BlockTallies.BLOCK + 1_000).scratch();
    BlockTallies tallies = index.tallies();
    assertThat(tallies.blocks()).isEqualTo(3);
    PriceEdges edges = tallies.edges();
    for (int b = 0; b < tallies.blocks(); b++) {
      long[] types = new long[256];
      long[] statuses = new long[256];
      long[] bedrooms = new long[128];
      long[] histogram = new long[edges.buckets()];
      tallies.addCategories(b, types, statuses, bedrooms, histogram);
      long[] expectedTypes = new long[256];
      long[] expectedStatuses = new long[256];
      long[] expectedBedrooms = new long[128];
      long[] expectedHistogram = new long[edges.buckets()];
      int[] prices = new int[tallies.priceBuckets().size()];
      int[] ratios = new int[tallies.ratioBuckets().size()];
      int min = Integer.MAX_VALUE;
      int max = -1;
      for (int row = b * BlockTallies.BLOCK; row < (b + 1) * BlockTallies.BLOCK; row++) {
        if ((index.types[row] & 0xFF) != 255) {
          expectedTypes[index.types[row] & 0xFF]++;
        }
        if ((index.statuses[row] & 0xFF) != 255) {
          expectedStatuses[index.statuses[row] & 0xFF]++;
        }
        if (index.bedrooms[row] >= 0) {
          expectedBedrooms[index.bedrooms[row]]++;
        }
        int price = index.prices[row];
        if (price >= 0) {
          expectedHistogram[bucketByEdges(edges.lower(), price)]++;
          prices[tallies.priceBuckets().of(BucketSelect.bucket(price))]++;
          min = Math.min(min, price);
          max = Math.max(max, price);
          if (index.sqfts[row] > 0) {
            ratios[tallies.ratioBuckets().of(BucketSelect.bucket((double) price / index.sqfts[row]))]++;
          }
        }
      }
      assertThat(types).as("block %d", b).containsExactly(expectedTypes);
      assertThat(statuses).as("block %d", b).containsExactly(expectedStatuses);
      assertThat(bedrooms).as("block %d", b).containsExactly(expectedBedrooms);
      assertThat(histogram).as("block %d", b).containsExactly(expectedHistogram);
      for (int c = 0; c < prices.length; c++) {
        assertThat(tallies.prices(b, c)).as("block %d, price bucket %d", b, c).isEqualTo(prices[c]);
      }
      for (int c = 0; c < ratios.length; c++) {
        assertThat(tallies.ratios(b, c)).as("block %d, ratio bucket %d", b, c).isEqualTo(ratios[c]);
      }
      assertThat(tallies.minPrice(b)).isEqualTo(min);
      assertThat(tallies.maxPrice(b)).isEqualTo(max);
    }
  }

  @Test
  void aMergedIndexIsTalliedWithItsPredecessorsEdges() {
    LiveListings model = new LiveListings(8, 2 * BlockTallies.BLOCK);
    ClusterIndex first = model.scratch().prepare();
    try (LiveClusterIndex live = new LiveClusterIndex(first, LiveIndexOptions.defaults(), null)) {
      model.applyRandomChanges(live, 1, 3_000);
      live.merge().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
      assertThat(live.snapshot().main).isNotSameAs(first);
      assertThat(live.snapshot().priceEdges()).isSameAs(first.priceEdges());
    }
  }

  private static int bucketByEdges(int[] lower, int price) {
    int bucket = lower.length - 1;
    while (lower[bucket] > price) {
      bucket--;
    }
    return bucket;
  }
}
