package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterFilter;
import io.tileserver.cluster.ClusterSnapshot;
import io.tileserver.cluster.ListingSearch;
import io.tileserver.cluster.ListingSort;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.cluster.ViewportBox;
import java.util.List;

/**
 * One viewport search over the lower 48 states (10M generated listings, one thread, first page of
 * 50) for each of a few filters and every sort, in milliseconds: which (filter, sort) pairs make the
 * tail of {@code load/search.sh}'s continent band. The second of two rounds is printed, so the JIT
 * has compiled the first.
 *
 * <p>Usage: {@code ContinentSearchReport [points]}
 */
public final class ContinentSearchReport {
  private static final List<String> FILTERS = List.of("none", "minPrice=300000&maxPrice=900000", "beds=3",
      "type=land", "type=apartment", "status=active&beds=3", "minPrice=200000&minBaths=1.5&type=house&status=pending");

  private ContinentSearchReport() {}

  public static void main(String[] args) {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    try (LiveClusterIndex live = new LiveClusterIndex(GeneratedIndex.build(points), LiveIndexOptions.defaults(), null)) {
      ClusterSnapshot snapshot = live.snapshot();
      ViewportBox lower48 = ViewportBox.of(-125, 24, -66, 50);
      for (int round = 0; round < 2; round++) {
        for (String filter : FILTERS) {
          ClusterFilter compiled = live.compile(GeneratedIndex.filters(filter));
          StringBuilder line = new StringBuilder(String.format("%-56s", filter));
          for (ListingSort sort : ListingSort.values()) {
            long start = System.nanoTime();
            ListingSearch.search(snapshot, lower48, compiled, sort, null, 50, () -> false);
            line.append(String.format(" %s=%.1f", sort.parameter(), (System.nanoTime() - start) / 1e6));
          }
          if (round == 1) {
            System.out.println(line);
          }
        }
      }
    }
  }
}
