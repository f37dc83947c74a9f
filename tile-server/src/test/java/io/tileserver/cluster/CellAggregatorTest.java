package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tileserver.filter.FilterSet;
import io.tileserver.sample.Listing;
import io.tileserver.tile.TileCoord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CellAggregatorTest {
  private static GeneratedListings data;
  private static CellAggregator aggregator;
  private static ExecutorService helper;

  @BeforeAll
  static void build() {
    data = new GeneratedListings(31, 25_000);
    aggregator = new CellAggregator(data.index, 64, null, 0);
    helper = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void stop() {
    helper.shutdownNow();
  }

  /** A tile holding a random listing at a random zoom 0–13, or now and then any tile. */
  private static TileCoord randomTile(Random random) {
    int z = random.nextInt(14);
    if (random.nextInt(10) == 0) {
      return new TileCoord(z, random.nextInt(1 << z), random.nextInt(1 << z));
    }
    Listing l = data.listings.get(random.nextInt(data.listings.size()));
    return new TileCoord(z, (int) GeneratedListings.tileX(l, z), (int) GeneratedListings.tileY(l, z));
  }

  private static ClusterCells aggregate(CellAggregator with, TileCoord tile, FilterSet filters) {
    ClusterCells cells = new ClusterCells();
    with.aggregate(tile, ClusterFilter.compile(filters, data.index), cells);
    return cells;
  }

  /** Per cell (Morton code at z+3) the matching listings of the tile, by brute force. */
  private static Map<Long, List<Integer>> bruteForceCells(TileCoord tile, FilterSet filters) {
    Map<Long, List<Integer>> cells = new HashMap<>();
    int z = tile.z();
    Predicate<Listing> matches = GeneratedListings.predicate(filters);
    for (int i = 0; i < data.listings.size(); i++) {
      Listing l = data.listings.get(i);
      if (data.inTile(i, z, tile.x(), tile.y()) && matches.test(l)) {
        long cell = MortonKey.interleave((long) Math.floor(data.x[i] * (1L << (z + 3))),
            (long) Math.floor(data.y[i] * (1L << (z + 3))));
        cells.computeIfAbsent(cell, c -> new ArrayList<>()).add(i);
      }
    }
    return cells;
  }

  /** What the oracle compares per cell; the centroid is compared separately, within 1e-9. */
  private record CellSummary(long cell, long count, long priceMin, long priceMax, long priceSum, long singleId) {}

  @Test
  void cellsMatchABruteForceGroupingForThousandsOfRandomTilesAndFilters() {
    Random random = new Random(5);
    ClusterCells cells = new ClusterCells();
    for (int n = 0; n < 2_000; n++) {
      TileCoord tile = randomTile(random);
      FilterSet filters = GeneratedListings.randomFilters(random);
      aggregator.aggregate(tile, ClusterFilter.compile(filters, data.index), cells);
      Map<Long, List<Integer>> expected = bruteForceCells(tile, filters);
      List<CellSummary> actualCells = new ArrayList<>();
      List<CellSummary> expectedCells = new ArrayList<>();
      for (int i = 0; i < cells.size(); i++) {
        int single = cells.singleRow(i);
        actualCells.add(new CellSummary(cells.cell(i), cells.count(i), cells.priceMin(i), cells.priceMax(i),
            cells.priceSum(i), single < 0 ? -1 : data.index.id(single)));
        List<Integer> members = expected.getOrDefault(cells.cell(i), List.of());
        double meanX = members.stream().mapToDouble(m -> data.x[m]).average().orElse(-1);
        double meanY = members.stream().mapToDouble(m -> data.y[m]).average().orElse(-1);
        if (Math.abs(cells.x(i) - meanX) > 1e-9 || Math.abs(cells.y(i) - meanY) > 1e-9) {
          fail("centroid of cell %s of %s?%s is (%s, %s), members' mean (%s, %s)", cells.cell(i), tile, filters,
              cells.x(i), cells.y(i), meanX, meanY);
        }
      }
      expected.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        long[] prices = e.getValue().stream().mapToLong(m -> data.listings.get(m).price()).toArray();
        long singleId = e.getValue().size() == 1 ? e.getValue().get(0) + 1 : -1;
        expectedCells.add(new CellSummary(e.getKey(), prices.length, Arrays.stream(prices).min().orElseThrow(),
            Arrays.stream(prices).max().orElseThrow(), Arrays.stream(prices).sum(), singleId));
      });
      assertThat(actualCells).as("cells of %s?%s", tile, filters).isEqualTo(expectedCells);
    }
  }

  @Test
  void aCentroidLiesInsideItsCellAndItsTile() {
    Random random = new Random(6);
    ClusterCells cells = new ClusterCells();
    for (int n = 0; n < 300; n++) {
      TileCoord tile = randomTile(random);
      aggregator.aggregate(tile, ClusterFilter.none(), cells);
      for (int i = 0; i < cells.size(); i++) {
        assertThat(cells.tilePixelX(i, 512)).isBetween(0.0, 512.0);
        assertThat(cells.tilePixelY(i, 512)).isBetween(0.0, 512.0);
        long cx = (long) Math.floor(cells.x(i) * (1L << cells.cellZoom()));
        long cy = (long) Math.floor(cells.y(i) * (1L << cells.cellZoom()));
        assertThat(MortonKey.interleave(cx, cy)).isEqualTo(cells.cell(i));
      }
    }
  }

  @Test
  void unfilteredCellsFromBlockSumsEqualAScanThroughAFilterAdmittingAll() {
    FilterSet admitsAll = GeneratedListings.parse(Map.of("minPrice", List.of("0")));
    for (TileCoord tile : List.of(new TileCoord(0, 0, 0), new TileCoord(3, 2, 3), new TileCoord(6, 10, 24))) {
      ClusterCells summed = aggregate(aggregator, tile, FilterSet.NONE);
      ClusterCells scanned = aggregate(aggregator, tile, admitsAll);
      assertSameCells(summed, scanned);
    }
  }

  @Test
  void aScanSplitAcrossTwoThreadsGivesTheSameCells() {
    CellAggregator parallel = new CellAggregator(data.index, 64, helper, 1);
    Random random = new Random(7);
    for (int n = 0; n < 300; n++) {
      TileCoord tile = randomTile(random);
      FilterSet filters = GeneratedListings.randomFilters(random);
      assertSameCells(aggregate(parallel, tile, filters), aggregate(aggregator, tile, filters));
    }
  }

  @Test
  void aListingsCellAtOneZoomLiesInsideItsCellAtTheZoomAbove() {
    Random random = new Random(8);
    for (int n = 0; n < 200; n++) {
      TileCoord child = randomTile(random);
      if (child.z() == 0) {
        continue;
      }
      FilterSet filters = GeneratedListings.randomFilters(random);
      ClusterCells parent = aggregate(aggregator, new TileCoord(child.z() - 1, child.x() / 2, child.y() / 2), filters);
      ClusterCells cells = aggregate(aggregator, child, filters);
      Map<Long, Long> parentCounts = new HashMap<>();
      for (int i = 0; i < parent.size(); i++) {
        parentCounts.put(parent.cell(i), parent.count(i));
      }
      Map<Long, Long> childTotals = new HashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        long up = cells.cell(i) >>> 2;
        assertThat(parentCounts).containsKey(up);
        childTotals.merge(up, cells.count(i), Long::sum);
      }
      childTotals.forEach((up, total) -> assertThat(total).isLessThanOrEqualTo(parentCounts.get(up)));
    }
  }

  @Test
  void theFourChildTilesCountEachParentPointExactlyOnce() {
    Random random = new Random(9);
    for (int n = 0; n < 200; n++) {
      TileCoord parent = randomTile(random);
      FilterSet filters = GeneratedListings.randomFilters(random);
      long children = 0;
      for (int dx = 0; dx < 2; dx++) {
        for (int dy = 0; dy < 2; dy++) {
          children += aggregate(aggregator, new TileCoord(parent.z() + 1, parent.x() * 2 + dx, parent.y() * 2 + dy),
              filters).totalCount();
        }
      }
      assertThat(children).isEqualTo(aggregate(aggregator, parent, filters).totalCount());
    }
  }

  @Test
  void theTilesOfAZoomTogetherHoldEveryPointOnce() {
    long total = 0;
    for (int x = 0; x < 32; x++) {
      for (int y = 0; y < 32; y++) {
        total += aggregate(aggregator, new TileCoord(5, x, y), FilterSet.NONE).totalCount();
      }
    }
    assertThat(total).isEqualTo(data.index.size());
  }

  @Test
  void clusterIdsNameTheCellAndItsZoom() {
    ClusterCells cells = aggregate(aggregator, new TileCoord(4, 3, 6), FilterSet.NONE);
    assertThat(cells.size()).isPositive();
    for (int i = 0; i < cells.size(); i++) {
      long id = cells.clusterId(i);
      assertThat(ClusterId.isValid(id)).isTrue();
      assertThat(ClusterId.cellZoom(id)).isEqualTo(7);
      assertThat(ClusterId.cell(id)).isEqualTo(cells.cell(i));
      assertThat(id).isLessThan(1L << 53);
    }
  }

  private static void assertSameCells(ClusterCells actual, ClusterCells expected) {
    assertThat(actual.size()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.cell(i)).isEqualTo(expected.cell(i));
      assertThat(actual.count(i)).isEqualTo(expected.count(i));
      assertThat(actual.x(i)).isEqualTo(expected.x(i));
      assertThat(actual.y(i)).isEqualTo(expected.y(i));
      assertThat(actual.priceSum(i)).isEqualTo(expected.priceSum(i));
      assertThat(actual.priceMin(i)).isEqualTo(expected.priceMin(i));
      assertThat(actual.priceMax(i)).isEqualTo(expected.priceMax(i));
      assertThat(actual.pricedRows(i)).isEqualTo(expected.pricedRows(i));
      assertThat(actual.singleRow(i)).isEqualTo(expected.singleRow(i));
    }
  }
}
