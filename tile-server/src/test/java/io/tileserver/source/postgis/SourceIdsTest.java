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
  void everyCharacterButAsciiLettersDigitsUnderscoreDotAndDashBecomesADashAsInMartin() {
    SourceIds ids = new SourceIds();
    assertThat(ids.allocate("a,b/c d\"e%f?g#h")).isEqualTo("a-b-c-d-e-f-g-h");
    assertThat(ids.allocate("Keep_UPPER.case-1")).isEqualTo("Keep_UPPER.case-1");
    assertThat(ids.allocate("Zürich \uD83D\uDDFA")).as("one dash per character, not per UTF-16 unit")
        .isEqualTo("Z-rich--");
  }

  @Test
  void namesThatBecomeTheSameIdAreNumberedInTurn() {
    SourceIds ids = new SourceIds();
    assertThat(ids.allocate("a b")).isEqualTo("a-b");
    assertThat(ids.allocate("a-b")).isEqualTo("a-b.1");
    assertThat(ids.allocate("a,b")).isEqualTo("a-b.2");
  }

  @Test
  void martinsReservedWordsAndDotSegmentsAreReserved() {
    assertThat(SourceIds.RESERVED).contains("_", "catalog", "config", "font", "health", "help", "index", "manifest",
        "metrics", "refresh", "reload", "sprite", "status", ".", "..");
    assertThat(new SourceIds().allocate(".")).isEqualTo("..1");
  }
}
