package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TileUrlTest {
  @Test
  void threeSegmentsAreTheDefaultComposite() {
    assertThat(TileUrl.of("/tiles/3/1/2.pbf")).isEqualTo(new TileUrl(null, "3", "1", "2.pbf"));
  }

  @Test
  void fourSegmentsNameTheSources() {
    assertThat(TileUrl.of("/tiles/a,b/3/1/2.mvt")).isEqualTo(new TileUrl("a,b", "3", "1", "2.mvt"));
  }

  @Test
  void segmentsArePercentDecodedLikePathParameters() {
    assertThat(TileUrl.of("/tiles/a%2Cb%20c+d/3/1/2.pbf").ids()).isEqualTo("a,b c+d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tiles/a.json", "/tiles/a/clusters/7", "/tiles/a/clusters/7/leaves",
      "/tiles/a/b/3/1/2.pbf", "/tiles/3/1/", "/tiles//1/2.pbf", "/catalog"})
  void otherPathsAreLeftToTheirRoutes(String path) {
    assertThat(TileUrl.of(path)).isNull();
  }

  @Test
  void aMalformedEscapeIsABadRequest() {
    assertThatThrownBy(() -> TileUrl.of("/tiles/a%zz/3/1/2.pbf"))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("malformed percent escape");
  }
}
