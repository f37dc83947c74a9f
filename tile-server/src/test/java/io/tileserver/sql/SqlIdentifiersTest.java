package io.tileserver.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlIdentifiersTest {
  @ParameterizedTest(name = "{0} is quoted as {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "geom                 | \"geom\"",
    "Mixed Case           | \"Mixed Case\"",
    "a.b                  | \"a.b\"",
    "say \"hi\"           | \"say \"\"hi\"\"\"",
    "`'; DROP TABLE x; --` | \"'; DROP TABLE x; --\"",
    "Ünïcødé              | \"Ünïcødé\""
  })
  void everyNameIsQuotedWithInnerQuotesDoubled(String name, String quoted) {
    assertThat(SqlIdentifiers.quote(name)).isEqualTo(quoted);
  }

  @ParameterizedTest(name = "{0}.{1}")
  @CsvSource(delimiter = '|', value = {"public | roads | \"public\".\"roads\"", "Odd Schema | t.1 | \"Odd Schema\".\"t.1\""})
  void schemaAndNameAreQuotedSeparately(String schema, String name, String quoted) {
    assertThat(SqlIdentifiers.quote(schema, name)).isEqualTo(quoted);
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource(value = {"''", "'a\u0000b'"})
  void emptyNamesAndNulCharactersAreRefused(String name) {
    assertThatThrownBy(() -> SqlIdentifiers.quote(name)).isInstanceOf(IllegalArgumentException.class);
  }
}
