package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.sample.Listing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Viewport search against a brute-force sort of the same listings: totals (counted from run lengths
 * and group runs where the box covers whole nodes) and every page, paged to the end, for boxes from a
 * few streets to most of the world, every sort, random filters on every column, over a fixed index
 * and over a live one whose main holds thousands of dead rows and whose delta holds thousands more.
 */
class ListingSearchTest {
  private static final LiveIndexOptions NO_MERGE = LiveIndexOptions.defaults().withMergeRows(Integer.MAX_VALUE);

  @Test
  void pagesOfAFixedIndexFollowTheBruteForceOrderAndCountEveryMatch() {
    LiveListings model = new LiveListings(31, 40_000);
    ClusterSnapshot snapshot = ClusterSnapshot.of(model.scratch().prepare());
    checkRandomSearches(model, snapshot, new Random(31), 300);
  }

  @Test
  void withUnmergedChangesPagesAndTotalsAreThoseOfTheLiveRows() {
    LiveListings model = new LiveListings(32, 40_000);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch().prepare(), NO_MERGE, null)) {
      model.applyRandomChanges(live, 4, 2_000);
      assertThat(live.snapshot().deadRows()).isGreaterThan(3_000);
      assertThat(live.snapshot().deltaRows()).isGreaterThan(3_000);
      checkRandomSearches(model, live.snapshot(), new Random(32), 300);
    }
  }

  @Test
  void aSortedPageOfAContinentIsTheBruteForceOneEvenWhenEveryPriceTies() {
    // More tied rows than a merge of sorted runs reads before it gives up for blocks and groups.
    LiveListings model = new LiveListings(33, RunMerge.BUDGET + 10_000);
    model.rows.replaceAll((id, l) -> LiveListings.withPrice(l, 500_000));
    ClusterSnapshot snapshot = ClusterSnapshot.of(model.scratch().prepare());
    ViewportBox box = ViewportBox.of(-130, 20, -60, 50);
    for (ListingSort sort : ListingSort.values()) {
      checkPages(model, snapshot, box, -130, 20, -60, 50, FilterSet.NONE, sort, 37);
    }
  }

  @Test
  void idsTooFarApartToOrderTiesByIdStillPageInTheBruteForceOrder() {
    LiveListings model = new LiveListings(34, 20_000);
    Map<Long, Listing> rows = new TreeMap<>(model.rows);
    model.rows.clear();
    rows.forEach((id, l) -> model.rows.put(id << 40, l));
    ClusterSnapshot snapshot = ClusterSnapshot.of(model.scratch().prepare());
    assertThat(snapshot.main.lowZoomOrder().sqftOrder().tiesById()).isFalse();
    ViewportBox box = ViewportBox.of(-130, 20, -60, 50);
    for (ListingSort sort : List.of(ListingSort.SQFT, ListingSort.SQFT_DESC)) {
      checkPages(model, snapshot, box, -130, 20, -60, 50, FilterSet.NONE, sort, 50);
    }
  }

  private static void checkRandomSearches(LiveListings model, ClusterSnapshot snapshot, Random random, int n) {
    List<Listing> all = new ArrayList<>(model.rows.values());
    for (int i = 0; i < n; i++) {
      Listing centre = all.get(random.nextInt(all.size()));
      double width = switch (random.nextInt(4)) {
        case 0 -> 0.05 + random.nextDouble() * 0.3;
        case 1 -> 0.5 + random.nextDouble() * 2;
        case 2 -> 5 + random.nextDouble() * 10;
        default -> 30 + random.nextDouble() * 60;
      };
      double west = Math.max(-180, centre.longitude() - width / 2);
      double east = Math.min(180, centre.longitude() + width / 2);
      double south = Math.max(-85, centre.latitude() - width / 3);
      double north = Math.min(85, centre.latitude() + width / 3);
      ListingSort sort = ListingSort.values()[random.nextInt(ListingSort.values().length)];
      FilterSet filters = random.nextInt(4) == 0 ? FilterSet.NONE : GeneratedListings.randomFilters(random);
      int limit = List.of(1, 9, 50, 200).get(random.nextInt(4));
      checkPages(model, snapshot, ViewportBox.of(west, south, east, north), west, south, east, north, filters, sort,
          limit);
    }
  }

  /** Pages to the end (at most 40 pages) and compares them with the brute-force order. */
  private static void checkPages(LiveListings model, ClusterSnapshot snapshot, ViewportBox box, double west,
      double south, double east, double north, FilterSet filters, ListingSort sort, int limit) {
    List<Long> expected = bruteForce(model.rows, box, filters, sort);
    String label = "box %.3f,%.3f,%.3f,%.3f ?%s sort=%s limit=%d".formatted(west, south, east, north, filters,
        sort.parameter(), limit);
    ClusterFilter filter = snapshot.compile(filters);
    List<Long> seen = new ArrayList<>();
    ListingSearch.After after = null;
    for (int page = 0; page < 40; page++) {
      ListingSearch.Page p = ListingSearch.search(snapshot, box, filter, sort, after, limit, () -> false);
      assertThat(p.total()).as("total of " + label).isEqualTo(expected.size());
      p.hits().forEach(h -> seen.add(h.row().id()));
      int end = Math.min(expected.size(), seen.size());
      assertThat(seen).as("page %d of %s", page, label).isEqualTo(expected.subList(0, end));
      assertThat(p.more()).as("more after page %d of %s", page, label).isEqualTo(seen.size() < expected.size());
      if (!p.more()) {
        break;
      }
      ListingSearch.Hit last = p.hits().get(p.hits().size() - 1);
      after = new ListingSearch.After(last.rank(), last.row().id());
    }
  }

  /** Every listing tested and sorted by (rank, id), a NULL last, as SQL's ORDER BY … NULLS LAST, id. */
  private static List<Long> bruteForce(Map<Long, Listing> rows, ViewportBox box, FilterSet filters,
      ListingSort sort) {
    Predicate<Listing> matches = GeneratedListings.predicate(filters);
    Comparator<Map.Entry<Long, Listing>> byRank = Comparator.comparingLong(e -> rank(sort, e.getKey(), e.getValue()));
    return rows.entrySet().stream()
        .filter(e -> box.contains(MortonKey.of(e.getValue().longitude(), e.getValue().latitude())))
        .filter(e -> matches.test(e.getValue()))
        .sorted(byRank.thenComparingLong(Map.Entry::getKey))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static long rank(ListingSort sort, long id, Listing l) {
    return switch (sort) {
      case PRICE -> l.price() == null ? Long.MAX_VALUE : l.price();
      case PRICE_DESC -> l.price() == null ? Long.MAX_VALUE : -l.price();
      case NEWEST -> -id;
      case OLDEST -> id;
      case SQFT -> l.sqft() == null ? Long.MAX_VALUE : l.sqft();
      case SQFT_DESC -> l.sqft() == null ? Long.MAX_VALUE : -l.sqft();
      case BEDS -> l.bedrooms() == null ? Long.MAX_VALUE : l.bedrooms();
      case BEDS_DESC -> l.bedrooms() == null ? Long.MAX_VALUE : -l.bedrooms();
    };
  }
}
