package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.testing.Waits;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The live index against an index built from scratch over the same rows (the model's). */
class LiveClusterIndexTest {
  private static final LiveIndexOptions OPTIONS = LiveIndexOptions.defaults().withMergeRows(Integer.MAX_VALUE);
  private static final Duration MERGE_WAIT = Duration.ofMinutes(1);

  /** What a query answers, in comparable form: cells with their single member's id. */
  private record CellSummary(long cell, long count, double x, double y, long priceSum, long priced, long min,
      long max, long singleId) {}

  static List<CellSummary> cells(ClusterCells cells) {
    List<CellSummary> out = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      int single = cells.singleRow(i);
      out.add(new CellSummary(cells.cell(i), cells.count(i), cells.x(i), cells.y(i), cells.priceSum(i),
          cells.pricedRows(i), cells.priceMin(i), cells.priceMax(i),
          single < 0 ? -1 : cells.snapshot().id(single)));
    }
    return out;
  }

  static List<Long> sortedIds(RowSelection rows) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ids.add(rows.snapshot().id(rows.row(i)));
    }
    ids.sort(null);
    return ids;
  }

  /** Aggregation, listings and expansion of random tiles and filters agree with a scratch index. */
  static void assertSameAnswers(LiveClusterIndex live, LiveListings model, int queries) {
    ClusterIndex scratch = model.scratch();
    ClusterSnapshot expected = ClusterSnapshot.of(scratch);
    ClusterSnapshot actual = live.snapshot();
    assertThat(actual.size()).isEqualTo(scratch.size());
    CellAggregator aggregator = live.aggregator();
    ClusterExpansion expansion = live.expansion();
    ClusterCells liveCells = new ClusterCells();
    ClusterCells scratchCells = new ClusterCells();
    RowSelection liveRows = new RowSelection();
    RowSelection scratchRows = new RowSelection();
    Random random = model.random();
    for (int n = 0; n < queries; n++) {
      TileCoord tile = model.randomTile(13);
      FilterSet filters = GeneratedListings.randomFilters(random);
      ClusterFilter liveFilter = actual.compile(filters);
      ClusterFilter scratchFilter = expected.compile(filters);
      aggregator.aggregate(actual, tile, liveFilter, liveCells);
      aggregator.aggregate(expected, tile, scratchFilter, scratchCells);
      String where = tile + "?" + filters;
      assertThat(cells(liveCells)).as("cells of %s", where).isEqualTo(cells(scratchCells));
      TilePoints.select(actual, tile, liveFilter, Integer.MAX_VALUE, liveRows);
      TilePoints.select(expected, tile, scratchFilter, Integer.MAX_VALUE, scratchRows);
      assertThat(sortedIds(liveRows)).as("listings of %s", where).isEqualTo(sortedIds(scratchRows));
      for (int i = 0; i < Math.min(3, scratchCells.size()); i++) {
        long id = scratchCells.clusterId(i);
        assertThat(expansion.expansionZoom(actual, id, liveFilter)).as("expansion zoom of %s in %s", id, where)
            .isEqualTo(expansion.expansionZoom(expected, id, scratchFilter));
        Bounds bounds = expansion.bounds(expected, id, scratchFilter);
        assertThat(expansion.bounds(actual, id, liveFilter)).as("bounds of %s in %s", id, where).isEqualTo(bounds);
        expansion.leaves(actual, id, liveFilter, 0, Integer.MAX_VALUE, liveRows);
        expansion.leaves(expected, id, scratchFilter, 0, Integer.MAX_VALUE, scratchRows);
        assertThat(sortedIds(liveRows)).as("leaves of %s in %s", id, where).isEqualTo(sortedIds(scratchRows));
      }
    }
  }

  @Test
  void randomBatchesOfInsertsUpdatesAndDeletesAnswerLikeAnIndexBuiltFromScratch() {
    LiveListings model = new LiveListings(41, 20_000);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), OPTIONS, null)) {
      for (int round = 0; round < 8; round++) {
        for (int b = 0; b < 5; b++) {
          ChangeBatch.Builder batch = live.newBatch(100);
          model.randomChanges(batch, 1 + model.random().nextInt(400));
          live.apply(batch.build());
        }
        assertSameAnswers(live, model, 60);
      }
      assertThat(live.snapshot().deltaRows()).isPositive();
      assertThat(live.snapshot().deadRows()).isPositive();
    }
  }

  @Test
  void afterAMergeTheIndexEqualsOneBuiltFromScratchOverTheSameRows() {
    LiveListings model = new LiveListings(42, 20_000);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), OPTIONS, null)) {
      for (int round = 0; round < 4; round++) {
        for (int b = 0; b < 6; b++) {
          ChangeBatch.Builder batch = live.newBatch(100);
          model.randomChanges(batch, 1 + model.random().nextInt(600));
          live.apply(batch.build());
        }
        long version = live.snapshot().version();
        Waits.join("a merge", MERGE_WAIT, live.merge());
        ClusterSnapshot merged = live.snapshot();
        assertThat(merged.deltaRows()).isZero();
        assertThat(merged.deadRows()).isZero();
        assertThat(merged.version()).as("a merge changes no data").isEqualTo(version);
        assertSameRowsInKeyOrder(merged.main, model.scratch());
        assertSameAnswers(live, model, 40);
      }
    }
  }

  @Test
  void idsBeyondTheIntRangeJoinAnIndexOfNarrowIdsAndSurviveMerges() {
    LiveListings model = new LiveListings(44, 20_000);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), OPTIONS, null)) {
      model.continueIdsAfter(5_000_000_000L);
      for (int round = 0; round < 3; round++) {
        for (int b = 0; b < 4; b++) {
          ChangeBatch.Builder batch = live.newBatch(100);
          model.randomChanges(batch, 1 + model.random().nextInt(600));
          live.apply(batch.build());
        }
        assertSameAnswers(live, model, 20);
        Waits.join("a merge", MERGE_WAIT, live.merge());
        assertSameRowsInKeyOrder(live.snapshot().main, model.scratch());
        assertSameAnswers(live, model, 20);
      }
      assertThat(live.snapshot().ids()).contains(5_000_000_001L);
    }
  }

  @Test
  void batchesAppliedWhileAMergeRunsAreReplayedOntoTheMergedMain() throws Exception {
    LiveListings model = new LiveListings(43, 60_000);
    ExecutorService mergeThread = Executors.newSingleThreadExecutor();
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), OPTIONS, null, mergeThread)) {
      for (int round = 0; round < 3; round++) {
        ChangeBatch.Builder first = live.newBatch(100);
        model.randomChanges(first, 2_000);
        live.apply(first.build());
        CountDownLatch gate = new CountDownLatch(1);
        mergeThread.execute(() -> awaitQuietly(gate));
        CompletableFuture<Void> merge = live.merge();
        for (int b = 0; b < 4; b++) {
          ChangeBatch.Builder batch = live.newBatch(100);
          model.randomChanges(batch, 300);
          live.apply(batch.build());
        }
        assertThat(merge).isNotDone();
        gate.countDown();
        Waits.join("the gated merge", MERGE_WAIT, merge);
        assertThat(live.snapshot().deltaRows()).as("the replayed batches").isPositive();
        assertSameAnswers(live, model, 30);
      }
      assertThat(live.metrics().mergesCompleted()).isEqualTo(3);
    }
  }

  /** Holds the merge thread until the test opens the gate (or a minute passes, or close() interrupts). */
  private static void awaitQuietly(CountDownLatch gate) {
    try {
      gate.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void unfilteredLowZoomTilesOverManyDeadRowsEqualAScratchIndex() {
    LiveListings model = new LiveListings(46, 60_000);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), OPTIONS, null)) {
      model.applyRandomChanges(live, 4, 2_000);
      ClusterSnapshot expected = ClusterSnapshot.of(model.scratch());
      ClusterCells liveCells = new ClusterCells();
      ClusterCells scratchCells = new ClusterCells();
      for (int n = 0; n < 200; n++) {
        TileCoord tile = model.randomTile(4);
        live.aggregate(tile, ClusterFilter.none(), liveCells);
        live.aggregator().aggregate(expected, tile, ClusterFilter.none(), scratchCells);
        assertThat(cells(liveCells)).as("cells of %s", tile).isEqualTo(cells(scratchCells));
      }
      assertThat(live.snapshot().deadRows()).isGreaterThan(3_000);
    }
  }

  @Test
  void rowsThatComeBackUnchangedChangeNoTileAndKeepTheVersion() {
    LiveListings model = new LiveListings(44, 2_000);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), OPTIONS, null)) {
      ChangeBatch.Builder batch = live.newBatch(100);
      model.rows.entrySet().stream().limit(500).forEach(e -> LiveListings.upsert(batch, e.getKey(), e.getValue()));
      batch.remove(999_999);
      long version = live.snapshot().version();
      ChangedTiles changed = live.apply(batch.build());
      assertThat(changed.isEmpty()).isTrue();
      assertThat(live.snapshot().version()).isEqualTo(version);
      assertThat(live.metrics().unchangedRows()).isEqualTo(500);
    }
  }

  @Test
  void theMergeThresholdStartsAMergeByItself() throws InterruptedException {
    LiveListings model = new LiveListings(45, 5_000);
    CountingMergeThread mergeThread = new CountingMergeThread();
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), OPTIONS.withMergeRows(200), null, mergeThread)) {
      ChangeBatch.Builder small = live.newBatch(100);
      model.randomChanges(small, 20);
      live.apply(small.build());
      assertThat(pendingRows(live)).as("rows pending after the small batch").isBetween(1L, 199L);
      assertThat(mergeThread.merges).as("merges started below the threshold").hasValue(0);

      ChangeBatch.Builder batch = live.newBatch(100);
      model.randomChanges(batch, 400);
      live.apply(batch.build());
      assertThat(mergeThread.merges).as("merges started once the threshold was passed").hasValue(1);
      mergeThread.shutdown();
      assertThat(mergeThread.awaitTermination(1, TimeUnit.MINUTES)).as("the merge finishes within a minute").isTrue();
      assertThat(live.metrics().mergesCompleted()).isEqualTo(1);
      assertThat(pendingRows(live)).as("rows pending after the merge").isZero();
      assertSameAnswers(live, model, 20);
    }
  }

  private static long pendingRows(LiveClusterIndex live) {
    return (long) live.snapshot().deltaRows() + live.snapshot().deadRows();
  }

  /** A merge thread that counts the merges handed to it, so a test sees one start without asking for it. */
  private static final class CountingMergeThread extends ThreadPoolExecutor {
    final AtomicInteger merges = new AtomicInteger();

    CountingMergeThread() {
      super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    @Override
    public void execute(Runnable command) {
      merges.incrementAndGet();
      super.execute(command);
    }
  }

  /** Same rows in the same key order; rows sharing a key may come in any order. */
  private static void assertSameRowsInKeyOrder(ClusterIndex actual, ClusterIndex expected) {
    assertThat(actual.size()).isEqualTo(expected.size());
    List<String> a = new ArrayList<>();
    List<String> e = new ArrayList<>();
    for (int r = 0; r < actual.size(); r++) {
      if (r > 0) {
        assertThat(actual.key(r)).isGreaterThanOrEqualTo(actual.key(r - 1));
      }
      a.add(actual.key(r) + " " + actual.row(r));
      e.add(expected.key(r) + " " + expected.row(r));
    }
    a.sort(null);
    e.sort(null);
    assertThat(a).isEqualTo(e);
    IdOrder order = IdOrder.of(actual);
    for (int r = 0; r < actual.size(); r++) {
      assertThat(order.find(actual, actual.id(r))).isEqualTo(r);
    }
  }
}
