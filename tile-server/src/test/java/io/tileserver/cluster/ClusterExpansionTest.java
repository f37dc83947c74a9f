package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.filter.FilterSet;
import io.tileserver.sample.Listing;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClusterExpansionTest {
  private static final int MAX_ZOOM = 14;
  private static GeneratedListings data;
  private static CellAggregator aggregator;
  private static ClusterExpansion expansion;

  @BeforeAll
  static void build() {
    data = new GeneratedListings(41, 20_000);
    aggregator = new CellAggregator(data.index, 64, null, 0);
    expansion = new ClusterExpansion(aggregator, MAX_ZOOM);
  }

  /** A cluster of the tile holding a random listing, with a random filter, and its members by brute force. */
  private record Sample(long clusterId, int zoom, FilterSet filters, List<Integer> members) {}

  private static Sample sample(Random random) {
    while (true) {
      int z = random.nextInt(MAX_ZOOM);
      int pick = random.nextInt(data.listings.size());
      TileCoord tile = new TileCoord(z, (int) Math.floor(data.x[pick] * (1L << z)),
          (int) Math.floor(data.y[pick] * (1L << z)));
      FilterSet filters = GeneratedListings.randomFilters(random);
      ClusterCells cells = new ClusterCells();
      aggregator.aggregate(tile, ClusterFilter.compile(filters, data.index), cells);
      if (cells.size() == 0) {
        continue;
      }
      int i = random.nextInt(cells.size());
      long cell = cells.cell(i);
      Predicate<Listing> matches = GeneratedListings.predicate(filters);
      List<Integer> members = new ArrayList<>();
      for (int m = 0; m < data.listings.size(); m++) {
        if (cellOf(m, z + 3) == cell && matches.test(data.listings.get(m))) {
          members.add(m);
        }
      }
      assertThat((long) members.size()).isEqualTo(cells.count(i));
      return new Sample(cells.clusterId(i), z, filters, members);
    }
  }

  private static long cellOf(int listing, int cellZoom) {
    return MortonKey.interleave((long) Math.floor(data.x[listing] * (1L << cellZoom)),
        (long) Math.floor(data.y[listing] * (1L << cellZoom)));
  }

  @Test
  void aClusterSplitsAtTheFirstDeeperZoomWhereItsMembersFallIntoTwoCells() {
    Random random = new Random(1);
    for (int n = 0; n < 300; n++) {
      Sample s = sample(random);
      int expected = MAX_ZOOM;
      for (int z = s.zoom() + 1; z < MAX_ZOOM; z++) {
        int zoom = z;
        if (s.members().stream().map(m -> cellOf(m, zoom + 3)).distinct().count() >= 2) {
          expected = z;
          break;
        }
      }
      ClusterFilter filter = ClusterFilter.compile(s.filters(), data.index);
      assertThat(expansion.expansionZoom(s.clusterId(), filter)).as("%s", s).isEqualTo(expected);
      assertThat(expansion.tileZoom(s.clusterId())).isEqualTo(s.zoom());
    }
  }

  @Test
  void theBoundsOfAClusterEncloseExactlyItsMembers() {
    Random random = new Random(2);
    for (int n = 0; n < 300; n++) {
      Sample s = sample(random);
      Bounds bounds = expansion.bounds(s.clusterId(), ClusterFilter.compile(s.filters(), data.index));
      List<Listing> members = s.members().stream().map(data.listings::get).toList();
      assertThat(bounds.west()).isCloseTo(members.stream().mapToDouble(Listing::longitude).min().orElseThrow(), within(1e-6));
      assertThat(bounds.east()).isCloseTo(members.stream().mapToDouble(Listing::longitude).max().orElseThrow(), within(1e-6));
      assertThat(bounds.south()).isCloseTo(members.stream().mapToDouble(Listing::latitude).min().orElseThrow(), within(1e-6));
      assertThat(bounds.north()).isCloseTo(members.stream().mapToDouble(Listing::latitude).max().orElseThrow(), within(1e-6));
    }
  }

  @Test
  void pagesOfLeavesTogetherListEveryMemberOnce() {
    Random random = new Random(3);
    RowSelection page = new RowSelection();
    for (int n = 0; n < 100; n++) {
      Sample s = sample(random);
      ClusterFilter filter = ClusterFilter.compile(s.filters(), data.index);
      List<Long> ids = new ArrayList<>();
      for (int offset = 0; ; offset += 7) {
        expansion.leaves(s.clusterId(), filter, offset, 7, page);
        for (int i = 0; i < page.size(); i++) {
          ids.add(data.index.row(page.row(i)).id());
        }
        if (!page.truncated()) {
          break;
        }
        assertThat(page.size()).isEqualTo(7);
      }
      Set<Long> expected = new HashSet<>();
      s.members().forEach(m -> expected.add(m + 1L));
      assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void aClusterWithNoMatchingMemberHasNoExpansionZoomAndNoBounds() {
    Random random = new Random(4);
    Sample s = sample(random);
    FilterSet none = GeneratedListings.parse(Map.of("type", List.of("castle")));
    ClusterFilter filter = ClusterFilter.compile(none, data.index);
    assertThat(expansion.expansionZoom(s.clusterId(), filter)).isEqualTo(-1);
    assertThat(expansion.bounds(s.clusterId(), filter)).isNull();
  }

  @Test
  void idsThatNoTileOfThisGridProducesAreRefused() {
    assertThat(expansion.isKnown(ClusterId.of(2, 5))).isFalse();
    assertThat(expansion.isKnown(-1)).isFalse();
    assertThat(expansion.isKnown(5L << 5 | 31)).isFalse();
    assertThatThrownBy(() -> expansion.expansionZoom(ClusterId.of(2, 5), ClusterFilter.none()))
        .hasMessageContaining("cluster id 162 is not one this source produces");
  }

  @Test
  void tilePointsListTheTilesMatchingListingsUpToTheLimit() {
    Random random = new Random(5);
    RowSelection rows = new RowSelection();
    for (int n = 0; n < 200; n++) {
      int pick = random.nextInt(data.listings.size());
      int z = MAX_ZOOM - 6 + random.nextInt(6);
      TileCoord tile = new TileCoord(z, (int) Math.floor(data.x[pick] * (1L << z)),
          (int) Math.floor(data.y[pick] * (1L << z)));
      FilterSet filters = GeneratedListings.randomFilters(random);
      Predicate<Listing> matches = GeneratedListings.predicate(filters);
      Set<Long> expected = new HashSet<>();
      for (int m = 0; m < data.listings.size(); m++) {
        if (data.inTile(m, z, tile.x(), tile.y()) && matches.test(data.listings.get(m))) {
          expected.add(m + 1L);
        }
      }
      TilePoints.select(data.index, tile, ClusterFilter.compile(filters, data.index), 1_000_000, rows);
      Set<Long> ids = new HashSet<>();
      for (int i = 0; i < rows.size(); i++) {
        ids.add(data.index.id(rows.row(i)));
      }
      assertThat(ids).isEqualTo(expected);
      assertThat(rows.truncated()).isFalse();
      if (expected.size() > 2) {
        TilePoints.select(data.index, tile, ClusterFilter.compile(filters, data.index), 2, rows);
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.truncated()).isTrue();
      }
    }
  }
}
