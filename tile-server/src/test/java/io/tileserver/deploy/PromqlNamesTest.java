package io.tileserver.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromqlNamesTest {
  @Test
  void namesAreTheSelectedMetricsNotFunctionsLabelsOrKeywords() {
    assertThat(PromqlNames.of("histogram_quantile(0.95, sum by (source, le) "
        + "(rate(tiles_request_duration_seconds_bucket{job=\"tile-server\",source=~\"a|b\"}[$__rate_interval])))"))
        .containsExactly("tiles_request_duration_seconds_bucket");
    assertThat(PromqlNames.of("(sum(rate(a_total{status=~\"5..\"}[1m])) or vector(0)) / sum without (x) (b_total) > 0.01"
        + " and on (instance) up == 0"))
        .containsExactly("a_total", "b_total", "up");
  }
}
