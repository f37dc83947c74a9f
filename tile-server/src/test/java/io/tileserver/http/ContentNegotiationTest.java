package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentNegotiationTest {
  @Test
  void mvtIsAcceptedByItsNameItsAliasesAndWildcards() {
    assertThat(ContentNegotiation.acceptsMvt(null)).isTrue();
    assertThat(ContentNegotiation.acceptsMvt("application/vnd.mapbox-vector-tile")).isTrue();
    assertThat(ContentNegotiation.acceptsMvt("application/x-protobuf")).isTrue();
    assertThat(ContentNegotiation.acceptsMvt("text/html, */*;q=0.8")).isTrue();
    assertThat(ContentNegotiation.acceptsMvt("image/png")).isFalse();
    assertThat(ContentNegotiation.acceptsMvt("application/vnd.mapbox-vector-tile;q=0, image/png")).isFalse();
  }

  @Test
  void gzipFollowsQValues() {
    assertThat(ContentNegotiation.acceptsGzip("gzip, deflate, br")).isTrue();
    assertThat(ContentNegotiation.acceptsGzip("br;q=1.0, gzip;q=0.5")).isTrue();
    assertThat(ContentNegotiation.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(ContentNegotiation.acceptsGzip("*;q=0.1")).isTrue();
    assertThat(ContentNegotiation.acceptsGzip("*, gzip;q=0")).isFalse();
    assertThat(ContentNegotiation.acceptsGzip("identity")).isFalse();
    assertThat(ContentNegotiation.acceptsGzip(null)).isFalse();
  }
}
