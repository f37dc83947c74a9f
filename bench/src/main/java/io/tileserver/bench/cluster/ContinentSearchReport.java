package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterFilter;
import io.tileserver.cluster.ClusterSnapshot;
import io.tileserver.cluster.ListingSearch;
import io.tileserver.cluster.ListingSort;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.cluster.ViewportBox;
import java.util.Arrays;
import java.util.List;

/**
 * One viewport search over the lower 48 states (10M generated listings, one thread, first page of
 * 50) for each of a few filters and every sort, in milliseconds: which (filter, sort) pairs make the
 * tail of {@code load/search.sh}'s continent band. Each is the median of {@value #MEASURED} rounds
 * after one round the JIT compiles, so one pause of the shared machine does not decide a cell.
 *
 * <p>Usage: {@code ContinentSearchReport [points]}
 */
public final class ContinentSearchReport {
  private static final List<String> FILTERS = List.of("none", "minPrice=300000&maxPrice=900000", "beds=3",
      "type=land", "type=apartment", "status=active&beds=3", "minPrice=200000&minBaths=1.5&type=house&status=pending");

  private static final int MEASURED = 5;

  private ContinentSearchReport() {}

  public static void main(String[] args) {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    try (LiveClusterIndex live =
        new LiveClusterIndex(GeneratedIndex.build(points), LiveIndexOptions.defaults(), null)) {
      ClusterSnapshot snapshot = live.snapshot();
      ViewportBox lower48 = ViewportBox.of(-125, 24, -66, 50);
      ListingSort[] sorts = ListingSort.values();
      double[][][] millis = new double[FILTERS.size()][sorts.length][MEASURED + 1];
      for (int round = 0; round <= MEASURED; round++) {
        for (int f = 0; f < FILTERS.size(); f++) {
          ClusterFilter compiled = live.compile(GeneratedIndex.filters(FILTERS.get(f)));
          for (int s = 0; s < sorts.length; s++) {
            long start = System.nanoTime();
            ListingSearch.search(snapshot, lower48, compiled, sorts[s], null, 50, () -> false);
            millis[f][s][round] = (System.nanoTime() - start) / 1e6;
          }
        }
      }
      for (int f = 0; f < FILTERS.size(); f++) {
        StringBuilder line = new StringBuilder(String.format("%-56s", FILTERS.get(f)));
        for (int s = 0; s < sorts.length; s++) {
          double[] measured = Arrays.copyOfRange(millis[f][s], 1, MEASURED + 1);
          Arrays.sort(measured);
          line.append(String.format(" %s=%.1f", sorts[s].parameter(), measured[MEASURED / 2]));
        }
        System.out.println(line);
      }
    }
  }
}
