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
}
