package io.tileserver.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TileCoverTest {
  @Test
  void aBboxCoversTheTilesItTouchesPerZoom() {
    Bounds point = new Bounds(-73.99, 40.68, -73.99, 40.68);
    List<TileCoord> tiles = TileCover.tiles(point, 0, 16);
    assertThat(tiles).hasSize(17).contains(new TileCoord(0, 0, 0), new TileCoord(10, 301, 385));
    Bounds area = new Bounds(-74.1, 40.6, -73.8, 40.9);
    assertThat(TileCover.count(area, 10, 12)).isEqualTo(TileCover.tiles(area, 10, 12).size());
    assertThat(TileCover.count(Bounds.WORLD, 0, 3)).isEqualTo(1 + 4 + 16 + 64);
  }
}
