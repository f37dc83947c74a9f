package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.sample.Listing;
import io.tileserver.tile.TileCoord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Filtered tiles at z0–z4, the zooms {@link LowZoomOrder} answers, against a brute-force grouping of
 * the same listings: every filter column and combinations of them, NULLs in every column, many
 * listings sharing a price (so extremes are held by several rows), and over a live index whose main
 * holds thousands of dead rows (deleted, re-priced, moved, re-typed) not yet merged.
 */
class LowZoomOrderTest {
  private static final LiveIndexOptions NO_MERGE = LiveIndexOptions.defaults().withMergeRows(Integer.MAX_VALUE);
  private static final List<String> TYPES = List.of("house", "condo", "townhouse", "land");
  private static final List<String> STATUSES = List.of("active", "pending", "sold");

  /** What the oracle compares per cell; the centroid is compared exactly, from the same quantized points. */
  private record CellSummary(long cell, long count, double x, double y, long priceSum, long priced, long min,
      long max, long singleId) {}

  @Test
  void everyFilterColumnAndCombinationAtLowZoomsGivesTheBruteForceCells() {
    Random random = new Random(21);
    Map<Long, Listing> rows = listings(random, 30_000);
    ClusterIndex index = index(rows);
    CellAggregator aggregator = new CellAggregator(index, 64, null, 0);
    // Splits whatever it can: the rows a sqft range leaves to test, from 2,048, go half to a helper.
    CellAggregator splitting = new CellAggregator(index, 64, ScanHelperPool.create(), 0);
    ClusterCells cells = new ClusterCells();
    for (int n = 0; n < 1_000; n++) {
      TileCoord tile = lowZoomTile(random, rows);
      FilterSet filters = randomFilters(random);
      List<CellSummary> expected = bruteForce(rows, tile, filters);
      aggregator.aggregate(tile, ClusterFilter.compile(filters, index), cells);
      assertThat(summaries(cells)).as("cells of %s?%s", tile, filters).isEqualTo(expected);
      splitting.aggregate(tile, ClusterFilter.compile(filters, index), cells);
      assertThat(summaries(cells)).as("cells of %s?%s, split", tile, filters).isEqualTo(expected);
    }
  }

  @Test
  void withUnmergedChangesLowZoomCellsEqualTheBruteForceCellsOfTheLiveRows() {
    Random random = new Random(22);
    Map<Long, Listing> rows = listings(random, 30_000);
    try (LiveClusterIndex live = new LiveClusterIndex(index(rows), NO_MERGE, null)) {
      for (int b = 0; b < 4; b++) {
        ChangeBatch.Builder batch = live.newBatch(1_500);
        change(random, rows, batch, 1_500);
        live.apply(batch.build());
      }
      ChangeBatch.Builder batch = live.newBatch(1_000);
      long survivor = leaveOneInItsCell(rows, batch, 7);
      live.apply(batch.build());
      assertThat(live.snapshot().deadRows()).isGreaterThan(5_000);
      assertThat(live.snapshot().deltaRows()).isGreaterThan(3_000);

      ClusterCells cells = new ClusterCells();
      for (int n = 0; n < 1_000; n++) {
        TileCoord tile = lowZoomTile(random, rows);
        FilterSet filters = randomFilters(random);
        live.aggregate(tile, live.compile(filters), cells);
        assertThat(summaries(cells)).as("cells of %s?%s", tile, filters).isEqualTo(bruteForce(rows, tile, filters));
      }

      Listing last = rows.get(survivor);
      TileCoord tile = tile(last, 4);
      FilterSet anyPrice = GeneratedListings.parse(Map.of("minPrice", List.of("0")));
      live.aggregate(tile, live.compile(anyPrice), cells);
      List<CellSummary> expected = bruteForce(rows, tile, anyPrice);
      assertThat(expected).as("the survivor's cell has one member").anyMatch(c -> c.singleId() == survivor);
      assertThat(summaries(cells)).isEqualTo(expected);
    }
  }

  @Test
  void sqftRangesAtTheTopOfTheChunkBoundsGiveTheBruteForceCells() {
    // Chunk bounds keep sqfts up to 65,533 exactly and larger ones as one code; NULLs are never in range.
    // Most listings are condos of one sqft (groups a range takes or refuses whole); the houses' sqft
    // grows with their price, so their price-sorted chunks hold one or two sqfts and are settled whole.
    Random random = new Random(24);
    int[] sqfts = {200, 1_000, 1_900, 65_532, 65_533, 65_534, 65_535, 65_536, 70_000};
    Map<Long, Listing> rows = new TreeMap<>();
    for (long id = 1; id <= 20_000; id++) {
      boolean house = id % 10 == 0;
      int step = random.nextInt(90);
      Integer sqft = !house ? Integer.valueOf(1_000) : random.nextInt(20) == 0 ? null : sqfts[step / 10];
      rows.put(id, new Listing("x", null, null, null, null, 40.7 + random.nextDouble() * 0.5,
          -74.0 + random.nextDouble() * 0.5, 25_000L * step, house ? 2 : 5, 2f, sqft, house ? "house" : "condo",
          "active", null));
    }
    CellAggregator aggregator = new CellAggregator(index(rows), 64, null, 0);
    ClusterCells cells = new ClusterCells();
    int[] bounds = {0, 1_000, 65_532, 65_533, 65_534, 65_535, 65_536, 70_000, 100_000};
    Listing some = rows.values().iterator().next();
    for (int low : bounds) {
      for (int high : bounds) {
        if (high < low) {
          continue;
        }
        FilterSet filters = GeneratedListings.parse(Map.of("minBeds", List.of("2"),
            "minSqft", List.of(String.valueOf(low)), "maxSqft", List.of(String.valueOf(high))));
        for (int z = 0; z <= 3; z++) {
          TileCoord tile = tile(some, z);
          aggregator.aggregate(tile, ClusterFilter.compile(filters, aggregator.index()), cells);
          assertThat(summaries(cells)).as("cells of %s?%s", tile, filters).isEqualTo(bruteForce(rows, tile, filters));
        }
      }
    }
  }

  @Test
  void sqftRangesOverNodesCutIntoSeveralPiecesGiveTheBruteForceCells() {
    Random random = new Random(23);
    Map<Long, Listing> rows = new TreeMap<>();
    // One zoom-7 node holding more than two pieces of SqftOrder.
    for (long id = 1; id <= 2 * SqftOrder.PIECE + 10_000; id++) {
      Listing l = listing(random);
      rows.put(id, new Listing("x", null, null, null, null, 40.7 + random.nextDouble() * 0.5,
          -74.0 + random.nextDouble() * 0.5, l.price(), l.bedrooms(), l.bathrooms(), l.sqft(), l.propertyType(),
          l.status(), null));
    }
    try (LiveClusterIndex live = new LiveClusterIndex(index(rows), NO_MERGE, null)) {
      ClusterCells cells = new ClusterCells();
      for (int n = 0; n < 200; n++) {
        if (n == 100) {
          ChangeBatch.Builder batch = live.newBatch(3_000);
          change(random, rows, batch, 3_000);
          live.apply(batch.build());
        }
        TileCoord tile = lowZoomTile(random, rows);
        FilterSet filters = GeneratedListings.parse(Map.of(
            "minSqft", List.of(String.valueOf(300 + 37 * random.nextInt(100))),
            "maxSqft", List.of(String.valueOf(500 + 50 * random.nextInt(80)))));
        live.aggregate(tile, live.compile(filters), cells);
        assertThat(summaries(cells)).as("cells of %s?%s", tile, filters).isEqualTo(bruteForce(rows, tile, filters));
      }
    }
  }

  /**
   * Listings around three centres and scattered, most of one common kind, the others with each column
   * NULL now and then; prices on a coarse grid.
   */
  private static Map<Long, Listing> listings(Random random, int count) {
    Map<Long, Listing> rows = new TreeMap<>();
    for (long id = 1; id <= count; id++) {
      rows.put(id, listing(random));
    }
    return rows;
  }

  private static Listing listing(Random random) {
    double lon;
    double lat;
    switch (random.nextInt(4)) {
      case 0 -> {
        lon = -122.3 + random.nextGaussian();
        lat = 47.6 + random.nextGaussian();
      }
      case 1 -> {
        lon = -74.0 + random.nextGaussian() * 0.5;
        lat = 40.7 + random.nextGaussian() * 0.5;
      }
      case 2 -> {
        lon = 2.35 + random.nextGaussian() * 3;
        lat = 48.85 + random.nextGaussian() * 3;
      }
      default -> {
        lon = random.nextDouble() * 360 - 180;
        lat = random.nextDouble() * 160 - 80;
      }
    }
    if (random.nextInt(5) < 3) {
      // The common listing: groups of thousands, so runs span many anchors.
      return new Listing("x", null, null, null, null, lat, lon, 25_000L * random.nextInt(60), 2 + random.nextInt(2),
          2f, 500 + 50 * random.nextInt(40), "house", "active", null);
    }
    return new Listing("x", null, null, null, null, lat, lon,
        random.nextInt(10) == 0 ? null : 25_000L * random.nextInt(60),
        random.nextInt(10) == 0 ? null : random.nextInt(6),
        random.nextInt(10) == 0 ? null : random.nextInt(8) / 2f,
        random.nextInt(10) == 0 ? null : 300 + 50 * random.nextInt(80),
        random.nextInt(12) == 0 ? null : TYPES.get(random.nextInt(TYPES.size())),
        random.nextInt(12) == 0 ? null : STATUSES.get(random.nextInt(STATUSES.size())), null);
  }

  private static ClusterIndex index(Map<Long, Listing> rows) {
    ClusterIndexBuilder builder = new ClusterIndexBuilder(ClusterColumns.properties(), rows.size());
    rows.forEach((id, l) -> GeneratedListings.add(builder, id, l));
    return builder.build().prepare();
  }

  /** Deletes, re-prices (often to a shared price), moves and re-types random rows, and inserts new ones. */
  private static void change(Random random, Map<Long, Listing> rows, ChangeBatch.Builder batch, int n) {
    List<Long> ids = new ArrayList<>(rows.keySet());
    Map<Long, Listing> changed = new HashMap<>();
    for (int i = 0; i < n; i++) {
      long id = ids.get(random.nextInt(ids.size()));
      if (changed.containsKey(id) || !rows.containsKey(id)) {
        continue;
      }
      Listing l = rows.get(id);
      Listing next = switch (random.nextInt(5)) {
        case 0 -> null;
        case 1 -> LiveListings.withPrice(l, 25_000L * random.nextInt(60));
        case 2 -> LiveListings.moved(l, listing(random));
        case 3 -> new Listing("x", null, null, null, null, l.latitude(), l.longitude(), l.price(), l.bedrooms(),
            l.bathrooms(), l.sqft(), TYPES.get(random.nextInt(TYPES.size())), l.status(), null);
        default -> listing(random);
      };
      changed.put(id, next);
      if (next == null) {
        rows.remove(id);
        batch.remove(id);
      } else {
        rows.put(id, next);
        LiveListings.upsert(batch, id, next);
      }
    }
    long nextId = ((TreeMap<Long, Listing>) rows).lastKey() + 1;
    for (int i = 0; i < n / 10; i++, nextId++) {
      Listing l = listing(random);
      rows.put(nextId, l);
      LiveListings.upsert(batch, nextId, l);
    }
  }

  /**
   * Deletes every priced listing of the densest cell at {@code cellZoom} but one, so that cell's
   * priced members, as built, are many and, live, one; returns the survivor's id.
   */
  private static long leaveOneInItsCell(Map<Long, Listing> rows, ChangeBatch.Builder batch, int cellZoom) {
    Map<Long, List<Long>> byCell = new HashMap<>();
    rows.forEach((id, l) -> {
      if (l.price() != null) {
        byCell.computeIfAbsent(key(l) >>> MortonKey.shift(cellZoom), c -> new ArrayList<>()).add(id);
      }
    });
    List<Long> densest = byCell.values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
    for (long id : densest.subList(1, densest.size())) {
      rows.remove(id);
      batch.remove(id);
    }
    return densest.get(0);
  }

  /** A random subset of all declared filters, each column at most twice, with plausible values. */
  private static FilterSet randomFilters(Random random) {
    Map<String, List<String>> query = new TreeMap<>();
    for (String name : new TreeMap<>(GeneratedListings.DECLARED).keySet()) {
      if (random.nextInt(3) != 0) {
        continue;
      }
      query.put(name, List.of(switch (name) {
        case "minPrice" -> String.valueOf(25_000 * random.nextInt(40));
        case "maxPrice" -> String.valueOf(25_000 * random.nextInt(60));
        case "beds", "minBeds" -> String.valueOf(random.nextInt(6));
        case "minBaths" -> String.valueOf(random.nextInt(8) / 2.0);
        case "minSqft" -> String.valueOf(300 + 37 * random.nextInt(100));
        case "maxSqft" -> String.valueOf(500 + 50 * random.nextInt(80));
        case "type" -> random.nextBoolean() ? "house,condo" : random.nextBoolean() ? "land" : "castle,townhouse";
        case "status", "notStatus" -> STATUSES.get(random.nextInt(STATUSES.size()));
        default -> throw new IllegalStateException(name);
      }));
    }
    return GeneratedListings.parse(query);
  }

  /** At z0–z4: a tile holding a random listing, or any tile now and then. */
  private static TileCoord lowZoomTile(Random random, Map<Long, Listing> rows) {
    int z = random.nextInt(5);
    if (random.nextInt(8) == 0) {
      return new TileCoord(z, random.nextInt(1 << z), random.nextInt(1 << z));
    }
    List<Listing> all = new ArrayList<>(rows.values());
    return tile(all.get(random.nextInt(all.size())), z);
  }

  private static TileCoord tile(Listing l, int z) {
    long key = key(l);
    return new TileCoord(z, MortonKey.x(key) >>> (MortonKey.BITS - z), MortonKey.y(key) >>> (MortonKey.BITS - z));
  }

  private static long key(Listing l) {
    return MortonKey.of(l.longitude(), l.latitude());
  }

  private static List<CellSummary> summaries(ClusterCells cells) {
    List<CellSummary> out = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      int single = cells.singleRow(i);
      out.add(new CellSummary(cells.cell(i), cells.count(i), cells.x(i), cells.y(i), cells.priceSum(i),
          cells.pricedRows(i), cells.hasPrice(i) ? cells.priceMin(i) : -1, cells.priceMax(i),
          single < 0 ? -1 : cells.snapshot().id(single)));
    }
    return out;
  }

  /** Every listing tested one by one, grouped by its cell at z + 3, in cell order. */
  private static List<CellSummary> bruteForce(Map<Long, Listing> rows, TileCoord tile, FilterSet filters) {
    Predicate<Listing> matches = GeneratedListings.predicate(filters);
    long tileCode = MortonKey.interleave(tile.x(), tile.y());
    int cellShift = MortonKey.shift(tile.z() + 3);
    Map<Long, List<Long>> members = new TreeMap<>();
    rows.forEach((id, l) -> {
      long key = key(l);
      if (key >>> MortonKey.shift(tile.z()) == tileCode && matches.test(l)) {
        members.computeIfAbsent(key >>> cellShift, c -> new ArrayList<>()).add(id);
      }
    });
    List<CellSummary> out = new ArrayList<>();
    members.forEach((cell, ids) -> {
      long sumX = 0;
      long sumY = 0;
      long priceSum = 0;
      long priced = 0;
      long min = Long.MAX_VALUE;
      long max = -1;
      for (long id : ids) {
        Listing l = rows.get(id);
        sumX += MortonKey.x(key(l));
        sumY += MortonKey.y(key(l));
        if (l.price() != null) {
          priceSum += l.price();
          priced++;
          min = Math.min(min, l.price());
          max = Math.max(max, l.price());
        }
      }
      out.add(new CellSummary(cell, ids.size(), MortonKey.fraction((double) sumX / ids.size()),
          MortonKey.fraction((double) sumY / ids.size()), priceSum, priced, priced == 0 ? -1 : min, max,
          ids.size() == 1 ? ids.get(0) : -1));
    });
    return out;
  }
}
