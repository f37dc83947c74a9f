package io.tileserver.source.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowingSourceTest {
  private static final FollowingSource NO_BUFFER = new FollowingSource("p", 0, 14, 0);
  private static final FollowingSource BUFFERED = new FollowingSource("p", 0, 14, 64.0 / 4096);

  private static Bounds point(double lon, double lat) {
    return new Bounds(lon, lat, lon, lat);
  }

  @Test
  void aPointInsideATileIsOneTilePerZoom() {
    Bounds middle = point(WebMercator.lon(4824.5 / 16384), WebMercator.lat(6160.5 / 16384));
    List<TileCoord> tiles = NO_BUFFER.tiles(List.of(middle), 10_000).orElseThrow();
    assertThat(tiles).hasSize(15).contains(new TileCoord(0, 0, 0), new TileCoord(10, 301, 385), new TileCoord(14, 4824, 6160));
  }

  @Test
  void aPointWithinTheBufferOfANeighbourAlsoRetiresTheNeighbour() {
    // Just east of the west edge of z10 tile 301: inside 301, within 64/4096 of a tile of 300.
    double edge = WebMercator.lon(301 / 1024.0);
    Bounds nearEdge = point(edge + 0.001, WebMercator.lat(385.5 / 1024));
    assertThat(NO_BUFFER.tiles(List.of(nearEdge), 10_000).orElseThrow())
        .contains(new TileCoord(10, 301, 385)).doesNotContain(new TileCoord(10, 300, 385));
    assertThat(BUFFERED.tiles(List.of(nearEdge), 10_000).orElseThrow())
        .contains(new TileCoord(10, 301, 385), new TileCoord(10, 300, 385));
  }

  @Test
  void aPolygonRetiresWhatItsBoxCoversAtEveryZoomOfTheRange() {
    Bounds box = new Bounds(-74.0, 40.7, -73.9, 40.8);
    List<TileCoord> tiles = new FollowingSource("z", 12, 12, 0).tiles(List.of(box), 10_000).orElseThrow();
    int west = (int) Math.floor(WebMercator.x(-74.0) * 4096);
    int east = (int) Math.floor(WebMercator.x(-73.9) * 4096);
    int north = (int) Math.floor(WebMercator.y(40.8) * 4096);
    int south = (int) Math.floor(WebMercator.y(40.7) * 4096);
    assertThat(tiles).hasSize((east - west + 1) * (south - north + 1))
        .allSatisfy(t -> assertThat(t.z()).isEqualTo(12));
  }

  @Test
  void moreTilesThanTheLimitIsEmptySoTheCallerBumps() {
    Bounds box = new Bounds(-80, 35, -70, 45);
    assertThat(BUFFERED.tiles(List.of(box), 10_000)).isEmpty();
    assertThat(new FollowingSource("p", 0, 30, 0).tiles(List.of(point(1, 1)), 31)).isPresent();
    assertThat(new FollowingSource("p", 0, 30, 0).tiles(List.of(point(1, 1), point(2, 2)), 31)).isEmpty();
  }
}
