package io.tileserver.source.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.ConfigException;
import org.junit.jupiter.api.Test;

class SourceIdsTest {
  @Test
  void aFreeNameIsTheId() {
    assertThat(new SourceIds().allocate("roads")).isEqualTo("roads");
  }

  @Test
  void aTakenNameGetsTheNextFreeNumberedSuffix() {
    SourceIds ids = new SourceIds();
    ids.claim("roads", "sources.roads");
    assertThat(ids.allocate("roads")).isEqualTo("roads.1");
    assertThat(ids.allocate("roads")).isEqualTo("roads.2");
  }

  @Test
  void reservedWordsAreNeverDiscoveredIds() {
    SourceIds ids = new SourceIds();
    for (String word : SourceIds.RESERVED) {
      assertThat(ids.allocate(word)).isEqualTo(word + ".1");
    }
  }

  @Test
  void aConfiguredReservedIdIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> new SourceIds().claim("metrics", "sources.metrics"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sources.metrics: \"metrics\" is reserved");
  }

  @Test
  void separatorsInDiscoveredNamesAreReplacedSoIdsStayUsableInUrls() {
    assertThat(new SourceIds().allocate("a,b/c")).isEqualTo("a_b_c");
  }
}
