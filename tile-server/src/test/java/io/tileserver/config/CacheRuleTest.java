package io.tileserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheRuleTest {
  private final ConfigLoader loader = new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get));

  @Test
  void aRuleWritesOnlyTheDirectivesItSets() {
    assertThat(new CacheRule(java.util.List.of(0, 8), 3600, 86400, 60, 86400).header())
        .isEqualTo("public, max-age=3600, s-maxage=86400, stale-while-revalidate=60, stale-if-error=86400");
    assertThat(new CacheRule(null, 60, null, null, null).header()).isEqualTo("public, max-age=60");
  }

  @Test
  void badRulesNameTheirKey() {
    assertThatThrownBy(() -> loader.parse("server:\n  cache:\n    - {zooms: [9, 3], max-age: 1}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key `server.cache[0].zooms` must be [min, max]");
    assertThatThrownBy(() -> loader.parse("server:\n  cache:\n    - {zooms: [0, 3]}\n"))
        .hasMessageStartingWith("config key `server.cache[0].max-age` must be set");
  }

  @Test
  void theAdminApiNeedsALongTokenWhenEnabledAndVIsNoFilterName() {
    assertThatThrownBy(() -> loader.parse("admin:\n  enabled: true\n  token: short\n"))
        .hasMessageStartingWith("config key `admin.token` must be set (at least 16 characters)");
    assertThat(loader.parse("admin:\n  enabled: false\n").admin().enabled()).isFalse();
    assertThatThrownBy(() -> loader.parse("sources:\n  p:\n    filters:\n      v: {column: price, op: \"=\", type: int}\n"))
        .hasMessageContaining("filters.v` is reserved");
  }
}
