package io.tileserver.source.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterTileEncoderTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "1, 1", "999, 999", "1000, 1k", "1049, 1k", "1050, 1.1k", "9949, 9.9k", "9950, 10k", "10000, 10k",
    "12499, 12k", "999499, 999k", "1000000, 1M", "1250000, 1.3M"
  })
  void pointCountsAreAbbreviatedAsMapLibreDoes(long count, String abbreviated) {
    assertThat(ClusterTileEncoder.abbreviate(count)).isEqualTo(abbreviated);
  }
}
