package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TileUrlTest {
  @Test
  void threeSegmentsAreTheDefaultComposite() {
    assertThat(TileUrl.of("/tiles/3/1/2.pbf", true)).isEqualTo(new TileUrl(null, "3", "1", "2.pbf", false));
  }

  @Test
  void fourSegmentsNameTheSources() {
    assertThat(TileUrl.of("/tiles/a,b/3/1/2.mvt", true)).isEqualTo(new TileUrl("a,b", "3", "1", "2.mvt", false));
  }

  @Test
  void segmentsArePercentDecodedLikePathParameters() {
    assertThat(TileUrl.of("/tiles/a%2Cb%20c+d/3/1/2.pbf", true).ids()).isEqualTo("a,b c+d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/tiles/a.json", "/tiles/a/clusters/7", "/tiles/a/clusters/7/leaves",
      "/tiles/a/b/3/1/2.pbf", "/tiles/3/1/", "/tiles//1/2.pbf", "/catalog", "/a", "/a/3/1",
      "/admin/purge/a/bbox", "/fonts/a/b/c", "/a//1/2"})
  void otherPathsAreLeftToTheirRoutes(String path) {
    assertThat(TileUrl.of(path, true)).isNull();
  }

  @Test
  void martinsFormNamesTheSourcesWithoutTheTilesPrefix() {
    assertThat(TileUrl.of("/a,b%20c/3/1/2", true)).isEqualTo(new TileUrl("a,b c", "3", "1", "2", true));
  }

  @Test
  void withMartinsRoutesOffItsFormIsNoTileUrl() {
    assertThat(TileUrl.of("/a/3/1/2", false)).isNull();
  }

  @Test
  void aMalformedEscapeIsABadRequest() {
    assertThatThrownBy(() -> TileUrl.of("/tiles/a%zz/3/1/2.pbf", true))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("malformed percent escape");
  }
}
