package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.tile.TileCoord;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TilePathTest {
  @Test
  void aSourceListAndCoordinatesParse() {
    assertThat(TilePath.parse("a,b", "14", "2620", "5720.pbf"))
        .isEqualTo(new TilePath(List.of("a", "b"), new TileCoord(14, 2620, 5720)));
    assertThat(TilePath.parse(null, "0", "0", "0.mvt").sourceIds()).isEmpty();
  }

  @ParameterizedTest(name = "{0}/{1}/{2} → {3}")
  @CsvSource(delimiter = '|', value = {
    "31 | 0 | 0.pbf    | z=31 out of range (0..30)",
    "1  | 2 | 0.pbf    | x=2 out of range for this zoom (0..1)",
    "1  | 0 | 2.pbf    | y=2 out of range for this zoom (0..1)",
    "a  | 0 | 0.pbf    | z must be an integer 0..30 without leading zeros, was 'a'",
    "1  | -1 | 0.pbf   | x must be an integer 0..1 without leading zeros, was '-1'",
    "03 | 0 | 0.pbf    | z must be an integer 0..30 without leading zeros, was '03'",
    "٣  | 0 | 0.pbf    | z must be an integer 0..30 without leading zeros, was '٣'",
    "1  | +1 | 0.pbf   | x must be an integer 0..1 without leading zeros, was '+1'",
    "1  | 0 | 0.png    | tile path must end in .pbf or .mvt, was '0.png'",
    "1  | 0 | 0        | tile path must end in .pbf or .mvt, was '0'"
  })
  void badCoordinatesAreRefusedWithTheRange(String z, String x, String y, String message) {
    assertThatThrownBy(() -> TilePath.parse("s", z, x, y))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo(message);
        });
  }

  @Test
  void anEmptyIdInTheListIsRefused() {
    assertThatThrownBy(() -> TilePath.parse("a,,b", "0", "0", "0.pbf")).hasMessageContaining("empty id");
  }
}
