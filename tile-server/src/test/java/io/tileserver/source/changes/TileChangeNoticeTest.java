package io.tileserver.source.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.tile.Bounds;
import org.junit.jupiter.api.Test;

class TileChangeNoticeTest {
  @Test
  void boxesAreReadInTenMillionthsOfADegree() {
    TileChangeNotice notice = TileChangeNotice.parse("b:1700000000123:-739000001,406999999,-738999999,407000001;"
        + "-1,-1,10000001,10000001");
    assertThat(notice.bump()).isFalse();
    assertThat(notice.sentAtMillis()).isEqualTo(1700000000123L);
    assertThat(notice.boxes()).containsExactly(new Bounds(-73.9000001, 40.6999999, -73.8999999, 40.7000001),
        new Bounds(-0.0000001, -0.0000001, 1.0000001, 1.0000001));
  }

  @Test
  void boxesWidenedPastTheWorldAreClampedToIt() {
    assertThat(TileChangeNotice.parse("b:1:-1800000001,-900000001,1800000001,900000001").boxes())
        .containsExactly(new Bounds(-180, -90, 180, 90));
  }

  @Test
  void overflowTruncateAndGapBump() {
    assertThat(TileChangeNotice.parse("o:5:1091")).satisfies(n -> {
      assertThat(n.bump()).isTrue();
      assertThat(n.reason()).isEqualTo("overflow");
      assertThat(n.sentAtMillis()).isEqualTo(5);
    });
    assertThat(TileChangeNotice.parse("t:7").reason()).isEqualTo("truncate");
    assertThat(TileChangeNotice.gap(9).reason()).isEqualTo("gap");
    assertThat(TileChangeNotice.gap(9).bump()).isTrue();
  }

  @Test
  void anythingElseIsRejectedNamingThePayload() {
    for (String bad : new String[] {"", "x:1", "b:", "b:1:1,2,3", "b:1:a,b,c,d", "o:x:1", "i:1,2"}) {
      assertThatThrownBy(() -> TileChangeNotice.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a tile change-feed payload");
    }
  }
}
