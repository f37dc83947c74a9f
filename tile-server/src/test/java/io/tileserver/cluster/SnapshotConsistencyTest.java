package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.sample.Listing;
import io.tileserver.testing.Waits;
import io.tileserver.tile.TileCoord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Readers scanning while a writer applies batches and merges run never see half a batch: the z0
 * tile's count and price sum are always exactly those of some published version.
 */
class SnapshotConsistencyTest {
  private record Totals(long count, long priceSum) {}

  private static Totals totals(Map<Long, Listing> rows) {
    long sum = 0;
    for (Listing l : rows.values()) {
      sum += l.price() == null ? 0 : l.price();
    }
    return new Totals(rows.size(), sum);
  }

  @Test
  void concurrentScansSeeOnlyWholeBatchesDuringAppliesAndMerges() throws Exception {
    LiveListings model = new LiveListings(61, 30_000);
    LiveIndexOptions options = LiveIndexOptions.defaults().withMergeRows(3_000);
    ExecutorService readers = Executors.newFixedThreadPool(2);
    Map<Long, Totals> valid = new ConcurrentHashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), options, null)) {
      valid.put(live.snapshot().version(), totals(model.rows));
      List<Future<Integer>> scans = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        scans.add(readers.submit(() -> {
          ClusterCells cells = new ClusterCells();
          int checked = 0;
          while (writing.get() || checked == 0) {
            live.aggregate(new TileCoord(0, 0, 0), ClusterFilter.none(), cells);
            long count = 0;
            long sum = 0;
            for (int i = 0; i < cells.size(); i++) {
              count += cells.count(i);
              sum += cells.priceSum(i);
            }
            Totals seen = new Totals(count, sum);
            assertThat(seen).as("z0 of version %s", cells.snapshot().version())
                .isEqualTo(valid.get(cells.snapshot().version()));
            checked++;
          }
          return checked;
        }));
      }
      for (int b = 0; b < 150; b++) {
        ChangeBatch.Builder batch = live.newBatch(200);
        model.randomChanges(batch, 200);
        valid.put(live.snapshot().version() + 1, totals(model.rows));
        live.apply(batch.build());
      }
      Waits.join("the final merge", Duration.ofMinutes(1), live.merge());
      writing.set(false);
      for (Future<Integer> scan : scans) {
        assertThat(scan.get(1, TimeUnit.MINUTES)).isPositive();
      }
      assertThat(live.metrics().mergesCompleted()).isPositive();
    } finally {
      writing.set(false); // readers loop until told to stop and ignore interrupts
      readers.shutdownNow();
    }
  }
}
