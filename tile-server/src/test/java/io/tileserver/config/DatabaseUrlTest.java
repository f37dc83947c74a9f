package io.tileserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  @Test
  void libpqUrlsParseIntoTheirParts() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://tiles:s%40cret@127.0.0.1:55432/tiles");
    assertThat(url).isEqualTo(new DatabaseUrl("127.0.0.1", 55432, "tiles", "tiles", "s@cret"));
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:55432/tiles");
  }

  @Test
  void thePortDefaultsTo5432() {
    assertThat(DatabaseUrl.parse("postgres://db/tiles").port()).isEqualTo(5432);
  }

  @Test
  void theRedactedFormNeverShowsThePassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://tiles:hunter2@db:5432/tiles");
    assertThat(url.redacted()).isEqualTo("postgresql://tiles:***@db:5432/tiles").doesNotContain("hunter2");
    assertThat(url.toString()).doesNotContain("hunter2");
  }

  @Test
  void otherSchemesAndMissingPartsAreExplained() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db/tiles")).hasMessageContaining("must start with postgresql://");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://db")).hasMessageContaining("no database name");
    assertThatThrownBy(() -> DatabaseUrl.parse("")).hasMessageContaining("set DATABASE_URL");
  }
}
