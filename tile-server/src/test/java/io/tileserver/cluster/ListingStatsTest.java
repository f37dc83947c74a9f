package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.sample.Listing;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Viewport stats against a brute-force pass over the same listings: the count, {@code percentile_disc}
 * of the prices at 0.1, 0.5 and 0.9 from a sort, the extremes, the histogram, the counts by type,
 * status and bedrooms and the median price per sqft, for boxes from a few streets to most of the
 * world with random filters, over a fixed index, over a live one whose main holds thousands of dead
 * rows and whose delta thousands more, and over prices that all tie.
 */
class ListingStatsTest {
  private static final LiveIndexOptions NO_MERGE = LiveIndexOptions.defaults().withMergeRows(Integer.MAX_VALUE);
  /** Splits every scan of a row or more, the second half on a helper thread. */
  private static final ScanSplit SPLIT_ALWAYS = new ScanSplit(ScanHelperPool.create(), 1);

  @Test
  void statsOfAFixedIndexAreTheBruteForceOnes() {
    LiveListings model = new LiveListings(41, 40_000);
    checkRandomBoxes(model, ClusterSnapshot.of(model.scratch().prepare()), new Random(41), 200);
  }

  @Test
  void withUnmergedChangesStatsAreThoseOfTheLiveRows() {
    LiveListings model = new LiveListings(42, 40_000);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch().prepare(), NO_MERGE, null)) {
      model.applyRandomChanges(live, 4, 2_000);
      assertThat(live.snapshot().deadRows()).isGreaterThan(3_000);
      assertThat(live.snapshot().deltaRows()).isGreaterThan(3_000);
      checkRandomBoxes(model, live.snapshot(), new Random(42), 200);
    }
  }

  @Test
  void whenEveryPriceTiesThePercentilesAreThatPrice() {
    LiveListings model = new LiveListings(43, 30_000);
    model.rows.replaceAll((id, l) -> LiveListings.withPrice(l, 500_000));
    ClusterSnapshot snapshot = ClusterSnapshot.of(model.scratch().prepare());
    ListingStats.Stats stats = check(model, snapshot, ViewportBox.of(-130, 20, -60, 50), FilterSet.NONE);
    assertThat(stats.price()).isEqualTo(new ListingStats.Prices(500_000, 500_000, 500_000, 500_000, 500_000));
  }

  @Test
  void aBoxWithNoListingsHasNoPrices() {
    LiveListings model = new LiveListings(44, 5_000);
    ClusterSnapshot snapshot = ClusterSnapshot.of(model.scratch().prepare());
    ListingStats.Stats stats = check(model, snapshot, ViewportBox.of(10, -10, 10.001, -9.999), FilterSet.NONE);
    assertThat(stats.count()).isZero();
    assertThat(stats.price()).isNull();
    assertThat(stats.medianPricePerSqft()).isNull();
  }

  @Test
  void theHistogramEdgesAreTheSourcesTwentiethsToTwoSignificantDigitsAndStayPutThroughChangesAndMerges() {
    LiveListings model = new LiveListings(45, 40_000);
    int[] expected = twentieths(model);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch().prepare(), NO_MERGE, null)) {
      assertThat(live.snapshot().priceEdges().lower()).containsExactly(expected);
      model.applyRandomChanges(live, 2, 2_000);
      live.merge().orTimeout(60, TimeUnit.SECONDS).join();
      assertThat(live.snapshot().deltaRows()).isZero();
      assertThat(twentieths(model)).isNotEqualTo(expected);
      assertThat(live.snapshot().priceEdges().lower()).containsExactly(expected);
      checkRandomBoxes(model, live.snapshot(), new Random(45), 50);
    }
  }

  @Test
  void theEdgesOfALiveSnapshotAreTheTwentiethsOfItsLiveRows() {
    LiveListings model = new LiveListings(46, 40_000);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch().prepare(), NO_MERGE, null)) {
      model.applyRandomChanges(live, 2, 2_000);
      assertThat(PriceEdges.of(live.snapshot()).lower()).containsExactly(twentieths(model));
    }
  }

  /** The source's twentieths of price, each to two significant digits, repeats dropped, after a 0. */
  private static int[] twentieths(LiveListings model) {
    long[] prices = model.rows.values().stream().filter(l -> l.price() != null).mapToLong(Listing::price).sorted()
        .toArray();
    List<Integer> edges = new ArrayList<>(List.of(0));
    for (int b = 1; b < 20; b++) {
      int edge = (int) twoDigits(disc(prices, b / 20.0));
      if (edge > edges.get(edges.size() - 1)) {
        edges.add(edge);
      }
    }
    return edges.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Half up to two significant digits, by decimal arithmetic. */
  private static long twoDigits(long value) {
    return new BigDecimal(value).round(new MathContext(2, RoundingMode.HALF_UP)).longValueExact();
  }

  private static void checkRandomBoxes(LiveListings model, ClusterSnapshot snapshot, Random random, int n) {
    List<Listing> all = new ArrayList<>(model.rows.values());
    for (int i = 0; i < n; i++) {
      Listing centre = all.get(random.nextInt(all.size()));
      double width = switch (random.nextInt(4)) {
        case 0 -> 0.002 + random.nextDouble() * 0.05;
        case 1 -> 0.5 + random.nextDouble() * 2;
        case 2 -> 5 + random.nextDouble() * 10;
        default -> 30 + random.nextDouble() * 60;
      };
      double west = Math.max(-180, centre.longitude() - width / 2);
      double east = Math.min(180, centre.longitude() + width / 2);
      double south = Math.max(-85, centre.latitude() - width / 3);
      double north = Math.min(85, centre.latitude() + width / 3);
      FilterSet filters = random.nextInt(4) == 0 ? FilterSet.NONE : GeneratedListings.randomFilters(random);
      check(model, snapshot, ViewportBox.of(west, south, east, north), filters);
    }
  }

  /** Checks the stats of the box against the model, scanned whole and split in two halves. */
  private static ListingStats.Stats check(LiveListings model, ClusterSnapshot snapshot, ViewportBox box,
      FilterSet filters) {
    check(model, snapshot, box, filters, SPLIT_ALWAYS);
    return check(model, snapshot, box, filters, ScanSplit.NONE);
  }

  private static ListingStats.Stats check(LiveListings model, ClusterSnapshot snapshot, ViewportBox box,
      FilterSet filters, ScanSplit split) {
    PriceEdges edges = snapshot.priceEdges();
    ListingStats.Stats stats = ListingStats.compute(snapshot, box, snapshot.compile(filters), () -> false, split);
    Predicate<Listing> matches = GeneratedListings.predicate(filters);
    List<Listing> rows = model.rows.values().stream()
        .filter(l -> box.contains(MortonKey.of(l.longitude(), l.latitude())))
        .filter(matches)
        .toList();
    String label = box + " ?" + filters + (split == ScanSplit.NONE ? "" : ", split");
    assertThat(stats.count()).as("count of " + label).isEqualTo(rows.size());
    long[] prices = rows.stream().filter(l -> l.price() != null).mapToLong(Listing::price).sorted().toArray();
    if (prices.length == 0) {
      assertThat(stats.price()).as(label).isNull();
    } else {
      assertThat(stats.price()).as("prices of " + label).isEqualTo(new ListingStats.Prices((int) prices[0],
          (int) disc(prices, 0.1), (int) disc(prices, 0.5), (int) disc(prices, 0.9), (int) prices[prices.length - 1]));
    }
    double[] perSqft = rows.stream().filter(l -> l.price() != null && l.sqft() != null && l.sqft() > 0)
        .mapToDouble(l -> (double) l.price() / l.sqft()).sorted().toArray();
    assertThat(stats.medianPricePerSqft()).as("per sqft of " + label)
        .isEqualTo(perSqft.length == 0 ? null : perSqft[Math.max(0, (int) Math.ceil(0.5 * perSqft.length) - 1)]);
    int[] lower = edges.lower();
    long[] histogram = new long[lower.length];
    for (long p : prices) {
      int bucket = lower.length - 1;
      while (lower[bucket] > p) {
        bucket--;
      }
      histogram[bucket]++;
    }
    assertThat(stats.histogram()).as("histogram of " + label).containsExactly(histogram);
    assertThat(stats.byType()).as("types of " + label).isEqualTo(countBy(rows, Listing::propertyType));
    assertThat(stats.byStatus()).as("statuses of " + label).isEqualTo(countBy(rows, Listing::status));
    assertThat(stats.byBedrooms()).as("bedrooms of " + label).isEqualTo(countBy(rows, Listing::bedrooms));
    return stats;
  }

  private static long disc(long[] sorted, double fraction) {
    return sorted[Math.max(0, (int) Math.ceil(fraction * sorted.length) - 1)];
  }

  private static <K> Map<K, Long> countBy(List<Listing> rows, java.util.function.Function<Listing, K> key) {
    Map<K, Long> counts = new TreeMap<>();
    rows.stream().map(key).filter(k -> k != null).forEach(k -> counts.merge(k, 1L, Long::sum));
    return counts;
  }
}
