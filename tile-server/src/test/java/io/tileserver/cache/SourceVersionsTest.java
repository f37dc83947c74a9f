package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.cache.SourceVersions.Change;
import io.tileserver.tile.TileCoord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceVersionsTest {
  private static final TileCoord CHANGED = new TileCoord(10, 301, 385);
  private static final TileCoord OTHER = new TileCoord(10, 300, 385);

  @Test
  void aTileChangeMovesThatTileAndTheCurrentVersionOnly() {
    SourceVersions versions = new SourceVersions(1_000);
    assertThat(versions.apply(new Change("p", 2_000, List.of(CHANGED)))).isTrue();
    assertThat(versions.tileVersion("p", CHANGED)).isEqualTo(2_000);
    assertThat(versions.tileVersion("p", OTHER)).isEqualTo(1_000);
    assertThat(versions.current("p")).isEqualTo(2_000);
    assertThat(versions.current("zip")).isEqualTo(1_000);
    assertThat(versions.stamp(List.of("p", "zip"), CHANGED)).isEqualTo(new SourceVersions.Stamp(3_000, 2_000, 3_000));
  }

  @Test
  void aBumpRetiresEveryTileAndForgetsTileVersions() {
    SourceVersions versions = new SourceVersions(1_000);
    versions.apply(new Change("p", 2_000, List.of(CHANGED)));
    versions.apply(new Change("p", 3_000, null));
    assertThat(versions.tracked("p")).isZero();
    assertThat(versions.tileVersion("p", CHANGED)).isEqualTo(3_000);
    assertThat(versions.tileVersion("p", OTHER)).isEqualTo(3_000);
    assertThat(versions.apply(new Change("p", 2_500, List.of(OTHER)))).as("older than the bump").isFalse();
  }

  @Test
  void applyingAChangeTwiceOrOutOfOrderEndsTheSame() {
    SourceVersions versions = new SourceVersions(1_000);
    versions.apply(new Change("p", 3_000, List.of(CHANGED)));
    versions.apply(new Change("p", 2_000, List.of(CHANGED)));
    versions.apply(new Change("p", 3_000, List.of(CHANGED)));
    assertThat(versions.tileVersion("p", CHANGED)).isEqualTo(3_000);
    assertThat(versions.current("p")).isEqualTo(3_000);
  }

  @Test
  void allocatedVersionsAreStrictlyIncreasingEvenWithinOneMillisecond() {
    SourceVersions versions = new SourceVersions(5_000);
    long first = versions.next("p", 4_000);
    long second = versions.next("p", 4_000);
    assertThat(first).isEqualTo(5_001);
    assertThat(second).isEqualTo(5_002);
    assertThat(versions.next("p", 9_000)).isEqualTo(9_000);
  }

  @Test
  void theFirstSharedReadReplacesTheProvisionalStartVersionAndLaterOnesOnlyMoveUp() {
    SourceVersions versions = new SourceVersions(9_000);
    versions.merge("p", 1_000, 2_000, Map.of(CHANGED, 2_000L), true);
    assertThat(versions.current("p")).isEqualTo(2_000);
    assertThat(versions.tileVersion("p", OTHER)).isEqualTo(1_000);
    versions.merge("p", 500, 1_500, Map.of(), false);
    assertThat(versions.current("p")).isEqualTo(2_000);
    assertThat(versions.tileVersion("p", CHANGED)).isEqualTo(2_000);
  }

  @Test
  void invalidationMessagesRoundTripAndStrayOnesAreRejected() {
    Change tiles = InvalidationMessages.parse("T 1795315671564 properties 10/301/385,11/602/770");
    assertThat(tiles).isEqualTo(new Change("properties", 1795315671564L, List.of(CHANGED, new TileCoord(11, 602, 770))));
    assertThat(InvalidationMessages.parse("B 7 zip_areas")).isEqualTo(new Change("zip_areas", 7, null));
    assertThatThrownBy(() -> InvalidationMessages.parse("hello world")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvalidationMessages.parse("T 7 p 1/2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvalidationMessages.parse("T 7 p 1/2/0")).isInstanceOf(IllegalArgumentException.class);
  }
}
