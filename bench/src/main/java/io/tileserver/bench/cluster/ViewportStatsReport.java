package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterFilter;
import io.tileserver.cluster.ClusterSnapshot;
import io.tileserver.cluster.ListingStats;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.cluster.ScanHelperPool;
import io.tileserver.cluster.ScanSplit;
import io.tileserver.cluster.ViewportBox;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Viewport stats ({@code /api/{source}/stats} without HTTP) over 10M generated listings for a
 * continent, a region and a metro box under a few filters, on one thread and split over both cores
 * as the server does, in milliseconds: the in-process side of {@code load/search.sh}'s stats bands.
 * Each cell is the median of {@value #MEASURED} rounds after {@value #WARMUP} the JIT compiles in.
 *
 * <p>Usage: {@code ViewportStatsReport [points]}
 */
public final class ViewportStatsReport {
  private static final List<String> FILTERS = List.of("none", "minPrice=300000&maxPrice=900000", "type=house",
      "status=active&beds=3", "minPrice=300000&beds=3&type=house,condo",
      "minPrice=200000&minBaths=1.5&type=house,condo&status=active");
  private static final List<String> BOXES = List.of("continent", "region", "metro");
  private static final ViewportBox[] BOX = {ViewportBox.of(-125, 24, -66, 50), ViewportBox.of(-78, 37, -70, 43),
      ViewportBox.of(-123, 47, -121.8, 48)};
  /** The server's default {@code parallel-threshold}. */
  private static final int SPLIT_FROM_ROWS = 262_144;
  private static final int WARMUP = 5;
  private static final int MEASURED = 11;

  private ViewportStatsReport() {}

  public static void main(String[] args) {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    ExecutorService helper = ScanHelperPool.create();
    try (LiveClusterIndex live =
        new LiveClusterIndex(GeneratedIndex.build(points), LiveIndexOptions.defaults(), null)) {
      ClusterSnapshot snapshot = live.snapshot();
      ScanSplit[] splits = {ScanSplit.NONE, new ScanSplit(helper, SPLIT_FROM_ROWS)};
      System.out.printf("%-62s %-9s %9s %9s%n", "filter", "box", "1 thread", "split");
      for (String filter : FILTERS) {
        ClusterFilter compiled = live.compile(GeneratedIndex.filters(filter));
        for (int b = 0; b < BOX.length; b++) {
          double[] medians = new double[splits.length];
          for (int s = 0; s < splits.length; s++) {
            medians[s] = median(snapshot, BOX[b], compiled, splits[s]);
          }
          System.out.printf("%-62s %-9s %9.1f %9.1f%n", filter, BOXES.get(b), medians[0], medians[1]);
        }
      }
    } finally {
      helper.shutdownNow();
    }
  }

  private static double median(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, ScanSplit split) {
    double[] millis = new double[MEASURED];
    for (int round = -WARMUP; round < MEASURED; round++) {
      long start = System.nanoTime();
      ListingStats.compute(snapshot, box, filter, () -> false, split);
      if (round >= 0) {
        millis[round] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(millis);
    return millis[MEASURED / 2];
  }
}
