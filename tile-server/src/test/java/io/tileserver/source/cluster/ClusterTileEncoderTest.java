package io.tileserver.source.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterTileEncoderTest {
  /**
   * The expected values follow supercluster's rule (mapbox/supercluster getClusterProperties, which
   * MapLibre GL JS 6 bundles in its worker): from 10,000 round(count / 1000) + "k", from 1,000
   * round(count / 100) / 10 + "k", below that the count. JavaScript's Math.round rounds halves up.
   */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "1, 1", "999, 999", "1000, 1k", "1049, 1k", "1050, 1.1k", "1150, 1.2k", "9949, 9.9k", "9950, 10k",
    "10000, 10k", "10499, 10k", "10500, 11k", "12499, 12k", "999499, 999k", "999500, 1000k", "1000000, 1000k",
    "1250000, 1250k", "10000000, 10000k"
  })
  void pointCountsAreAbbreviatedAsSuperclusterDoes(long count, String abbreviated) {
    assertThat(ClusterTileEncoder.abbreviate(count)).isEqualTo(abbreviated);
  }

  @ParameterizedTest(name = "{0} in cells of {1} → {2}")
  @CsvSource({
    "0, 512, 128", "1, 512, 128", "200, 512, 200", "511.9, 512, 384", "512, 512, 640", "1000, 512, 896",
    "4095, 512, 3968", "300, 1024, 300", "100, 1024, 256"
  })
  void aClusterIsKeptAQuarterCellInsideItsOwnCell(double coordinate, double cell, double inset) {
    assertThat(ClusterTileEncoder.insetInCell(coordinate, cell)).isEqualTo(inset);
  }
}
