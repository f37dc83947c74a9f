package io.tileserver.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TileCoordTest {
  @Test
  void coordinatesOutsideTheZoomAreRefusedWithTheRange() {
    assertThatThrownBy(() -> new TileCoord(16, 70000, 0)).hasMessage("x=70000 out of range for z=16 (0..65535)");
    assertThatThrownBy(() -> new TileCoord(31, 0, 0)).hasMessage("z=31 out of range (0..30)");
  }

  @Test
  void boundsKnowWhichTilesTheyTouch() {
    Bounds seattle = new Bounds(-122.54, 47.08, -121.06, 47.78);
    assertThat(seattle.intersects(new TileCoord(0, 0, 0))).isTrue();
    assertThat(seattle.intersects(new TileCoord(10, 163, 357))).isTrue();
    assertThat(seattle.intersects(new TileCoord(10, 600, 357))).isFalse();
    assertThat(seattle.intersects(new TileCoord(1, 1, 0))).isFalse();
  }

  @Test
  void boundsCrossingTheAntimeridianWrap() {
    Bounds fiji = new Bounds(177, -19, -178, -16);
    assertThat(fiji.intersects(new TileCoord(2, 3, 2))).isTrue();
    assertThat(fiji.intersects(new TileCoord(2, 0, 2))).isTrue();
    assertThat(fiji.intersects(new TileCoord(2, 1, 2))).isFalse();
  }
}
