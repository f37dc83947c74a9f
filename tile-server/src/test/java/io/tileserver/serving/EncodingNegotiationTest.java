package io.tileserver.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.cache.Encoding;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncodingNegotiationTest {
  private static final List<Encoding> ALL = List.of(Encoding.BROTLI, Encoding.GZIP);
  private static final List<Encoding> GZIP_FIRST = List.of(Encoding.GZIP, Encoding.BROTLI);
  private static final List<Encoding> GZIP_ONLY = List.of(Encoding.GZIP);
  private static final List<Encoding> IDENTITY_ONLY = List.of();

  @ParameterizedTest(name = "Accept-Encoding \"{0}\" with every variant → {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL                               | IDENTITY",
      "''                                 | IDENTITY",
      "gzip, deflate, br, zstd            | BROTLI",
      "gzip, deflate                      | GZIP",
      "br;q=0.5, gzip;q=0.8               | GZIP",
      "br;q=1.0, gzip;q=1.0               | BROTLI",
      "gzip;q=0.8, br;q=0.8, identity     | IDENTITY",
      "br;q=0, gzip                       | GZIP",
      "br;q=0, gzip;q=0                   | IDENTITY",
      "*                                  | BROTLI",
      "*;q=0.5, gzip                      | GZIP",
      "*;q=0                              | IDENTITY",
      "identity                           | IDENTITY",
      "deflate, zstd                      | IDENTITY",
      "x-gzip                             | GZIP",
      "BR, GZIP                           | BROTLI",
      "gzip;q=0.3                         | GZIP",
      "br;q=oops, gzip;q=0.1              | GZIP",
      "br;q=2, gzip;q=0.1                 | GZIP"})
  void theHighestQualityWinsAndTiesGoToTheSmallerBody(String header, Encoding expected) {
    assertThat(EncodingNegotiation.choose(header, ALL)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Accept-Encoding \"{0}\" from a server making gzip and identity → {1}")
  @CsvSource(delimiter = '|', value = {
      "br, gzip;q=0.1     | GZIP",
      "br                 | IDENTITY",
      "*                  | GZIP",
      "br, identity;q=0.5 | IDENTITY"})
  void onlyCodingsTheServerMakesAreChosen(String header, Encoding expected) {
    assertThat(EncodingNegotiation.choose(header, GZIP_ONLY)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Accept-Encoding \"{0}\" from a server making identity only → identity")
  @CsvSource(delimiter = '|', value = {"br, gzip", "identity;q=0, gzip", "*;q=0"})
  void withoutCodingsTilesAreAlwaysSentAsTheyAre(String header) {
    assertThat(EncodingNegotiation.choose(header, IDENTITY_ONLY)).isEqualTo(Encoding.IDENTITY);
  }

  @ParameterizedTest(name = "identity excluded by \"{0}\" still yields identity when nothing else fits")
  @CsvSource(delimiter = '|', value = {"identity;q=0, br", "*;q=0, br"})
  void anExcludedIdentityIsSentWhenNoAcceptableVariantExists(String header) {
    assertThat(EncodingNegotiation.choose(header, GZIP_ONLY)).isEqualTo(Encoding.IDENTITY);
  }

  @ParameterizedTest(name = "Accept-Encoding \"{0}\" from a server preferring gzip → {1}")
  @CsvSource(delimiter = '|', value = {
      "br, gzip          | GZIP",
      "gzip, br          | GZIP",
      "*                 | GZIP",
      "br;q=1, gzip;q=0.9 | BROTLI",
      "br                | BROTLI"})
  void tiesGoToThePreferredCoding(String header, Encoding expected) {
    assertThat(EncodingNegotiation.choose(header, GZIP_FIRST)).isEqualTo(expected);
  }
}
