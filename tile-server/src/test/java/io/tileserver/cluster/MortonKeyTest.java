package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.sample.Listing;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MortonKeyTest {
  private static GeneratedListings data;

  @BeforeAll
  static void generate() {
    data = new GeneratedListings(11, 20_000);
  }

  @Test
  void interleavingRoundTripsBothAxes() {
    Random random = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      int x = random.nextInt() >>> 1;
      int y = random.nextInt() >>> 1;
      long key = MortonKey.interleave(x, y);
      assertThat(key).isBetween(0L, (1L << 62) - 1);
      assertThat(MortonKey.x(key)).isEqualTo(x);
      assertThat(MortonKey.y(key)).isEqualTo(y);
    }
  }

  @Test
  void everyPointOfATileLiesInTheTilesRangeAndInNoOtherTilesRange() {
    Random random = new Random(2);
    for (int n = 0; n < 2_000; n++) {
      Listing l = data.listings.get(random.nextInt(data.listings.size()));
      int z = random.nextInt(20);
      long key = MortonKey.of(l.longitude(), l.latitude());
      long tx = GeneratedListings.tileX(l, z);
      long ty = GeneratedListings.tileY(l, z);
      long tile = MortonKey.interleave(tx, ty);
      assertThat(key).isBetween(MortonKey.rangeStart(tile, z), MortonKey.rangeEnd(tile, z) - 1);
      long east = MortonKey.interleave((tx + 1) % (1L << z), ty);
      long south = MortonKey.interleave(tx, (ty + 1) % (1L << z));
      for (long other : new long[] {east, south}) {
        if (other != tile) {
          assertThat(key >= MortonKey.rangeStart(other, z) && key < MortonKey.rangeEnd(other, z)).isFalse();
        }
      }
    }
  }

  @Test
  void theIndexRowsOfATileAreExactlyTheListingsInTheTile() {
    Random random = new Random(3);
    for (int n = 0; n < 300; n++) {
      Listing l = data.listings.get(random.nextInt(data.listings.size()));
      int z = random.nextInt(14);
      TileCoord tile = new TileCoord(z, (int) GeneratedListings.tileX(l, z), (int) GeneratedListings.tileY(l, z));
      long expected = data.listings.stream()
          .filter(o -> GeneratedListings.tileX(o, z) == tile.x() && GeneratedListings.tileY(o, z) == tile.y())
          .count();
      int from = data.index.tileStart(tile);
      int to = data.index.tileEnd(tile);
      assertThat((long) to - from).as("rows of %s", tile).isEqualTo(expected);
      for (int row = from; row < to; row++) {
        Listing member = data.listings.get((int) data.index.id(row) - 1);
        assertThat(GeneratedListings.tileX(member, z)).isEqualTo(tile.x());
        assertThat(GeneratedListings.tileY(member, z)).isEqualTo(tile.y());
      }
    }
  }

  @Test
  void every64PixelCellOfATileIsOneContiguousRunOfRows() {
    Random random = new Random(4);
    for (int n = 0; n < 200; n++) {
      Listing l = data.listings.get(random.nextInt(data.listings.size()));
      int z = random.nextInt(12);
      int cellZoom = z + 3;
      TileCoord tile = new TileCoord(z, (int) GeneratedListings.tileX(l, z), (int) GeneratedListings.tileY(l, z));
      long previousCell = -1;
      Set<Long> seen = new HashSet<>();
      for (int row = data.index.tileStart(tile); row < data.index.tileEnd(tile); row++) {
        Listing member = data.listings.get((int) data.index.id(row) - 1);
        long cell = MortonKey.interleave(
            GeneratedListings.tileX(member, cellZoom), GeneratedListings.tileY(member, cellZoom));
        if (cell != previousCell) {
          assertThat(seen.add(cell)).as("cell %s appears in one run", cell).isTrue();
          previousCell = cell;
        }
      }
    }
  }

  @Test
  void aPointOnATilesWestOrNorthEdgeBelongsToThatTile() {
    TileCoord tile = new TileCoord(9, 100, 200);
    double west = WebMercator.lon(tile.x() / 512.0);
    double north = WebMercator.lat(tile.y() / 512.0);
    long key = MortonKey.of(west, north - 1e-9);
    long node = MortonKey.interleave(tile.x(), tile.y());
    assertThat(MortonKey.node(key, 9)).isEqualTo(node);
    assertThat(west).isEqualTo(-109.6875);
    long justWest = MortonKey.of(Math.nextDown(west), north - 1e-9);
    assertThat(MortonKey.node(justWest, 9)).isEqualTo(MortonKey.interleave(tile.x() - 1, tile.y()));
  }

  @Test
  void theWorldsEastAndSouthEdgesFallInTheLastTile() {
    long key = MortonKey.of(180, -90);
    assertThat(MortonKey.x(key)).isEqualTo((1 << 31) - 1);
    assertThat(MortonKey.y(key)).isEqualTo((1 << 31) - 1);
  }
}
