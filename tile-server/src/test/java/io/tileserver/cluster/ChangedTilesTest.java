package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.tile.TileCoord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tiles a batch reports are exactly the tiles whose content differs: checked over each changed
 * point's old and new tiles and their eight neighbours at every reported zoom, before and after.
 */
class ChangedTilesTest {
  private static final int MAX_ZOOM = 16;

  /** A tile's content: its unfiltered cells (below the cluster zoom) and its listings, decoded. */
  private static List<Object> content(LiveClusterIndex live, ClusterSnapshot snapshot, TileCoord tile) {
    List<Object> out = new ArrayList<>();
    if (tile.z() <= live.aggregator().maxTileZoom()) {
      ClusterCells cells = new ClusterCells();
      live.aggregator().aggregate(snapshot, tile, ClusterFilter.none(), cells);
      out.addAll(LiveClusterIndexTest.cells(cells));
    }
    RowSelection rows = new RowSelection();
    TilePoints.select(snapshot, tile, ClusterFilter.none(), Integer.MAX_VALUE, rows);
    List<String> listings = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      listings.add(rows.listing(i).toString());
    }
    listings.sort(null);
    out.addAll(listings);
    return out;
  }

  @Test
  void theReportedTilesAreExactlyTheTilesWhoseContentDiffers() {
    LiveListings model = new LiveListings(51, 4_000);
    LiveIndexOptions options = LiveIndexOptions.defaults().withChangedTilesMaxZoom(MAX_ZOOM).withMergeRows(300);
    try (LiveClusterIndex live = new LiveClusterIndex(model.scratch(), options, null)) {
      int differing = 0;
      for (int round = 0; round < 40; round++) {
        ClusterSnapshot before = live.snapshot();
        ChangeBatch.Builder batch = live.newBatch(8);
        model.randomChanges(batch, 1 + model.random().nextInt(4));
        ChangeBatch built = batch.build();
        ChangedTiles changed = live.apply(built);
        ClusterSnapshot after = live.snapshot();
        Set<TileCoord> candidates = new HashSet<>();
        for (long id : built.touched) {
          addNeighbourhood(before, id, candidates);
          addNeighbourhood(after, id, candidates);
        }
        Set<TileCoord> reported = new HashSet<>();
        changed.forEach(reported::add);
        assertThat(candidates).as("every reported tile is near a changed point").containsAll(reported);
        for (TileCoord tile : candidates) {
          boolean differs = !content(live, before, tile).equals(content(live, after, tile));
          assertThat(changed.contains(tile)).as("%s reported (content differs: %s)", tile, differs)
              .isEqualTo(differs);
          differing += differs ? 1 : 0;
        }
        live.mergeIfIdle(0);
      }
      assertThat(differing).isGreaterThan(100);
      assertThat(live.metrics().mergesCompleted()).isPositive();
    }
  }

  @Test
  void packedTilesRoundTrip() {
    for (TileCoord tile : List.of(new TileCoord(0, 0, 0), new TileCoord(14, 4823, 6160),
        new TileCoord(29, (1 << 29) - 1, 12345))) {
      assertThat(ChangedTiles.unpack(ChangedTiles.pack(tile.z(), tile.x(), tile.y()))).isEqualTo(tile);
    }
  }

  /** The id's tile and its eight neighbours at every zoom, where the snapshot holds the id. */
  private static void addNeighbourhood(ClusterSnapshot snapshot, long id, Set<TileCoord> out) {
    for (int row = 0; row < snapshot.main.size + snapshot.delta.size; row++) {
      if (snapshot.isLive(row) && snapshot.id(row) == id) {
        long key = snapshot.key(row);
        for (int z = 0; z <= MAX_ZOOM; z++) {
          int x = MortonKey.x(key) >>> (MortonKey.BITS - z);
          int y = MortonKey.y(key) >>> (MortonKey.BITS - z);
          for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
              if (x + dx >= 0 && y + dy >= 0 && x + dx < 1 << z && y + dy < 1 << z) {
                out.add(new TileCoord(z, x + dx, y + dy));
              }
            }
          }
        }
      }
    }
  }
}
