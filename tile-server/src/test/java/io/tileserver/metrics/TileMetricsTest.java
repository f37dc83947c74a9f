package io.tileserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The request duration histogram is labelled by zoom band (the dashboard's latency by zoom). */
class TileMetricsTest {
  @Test
  void eachZoomFallsInItsBandAndUnusedBandsExportNothing() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TileMetrics metrics = new TileMetrics(registry);
    int[] zooms = {0, 4, 5, 9, 10, 13, 14, 22, -1};
    for (int zoom : zooms) {
      metrics.request("listings", zoom, 200, 1_000_000, 10);
    }
    metrics.request("properties", 12, 200, 1_000_000, 10);

    assertThat(registry.find("tiles_request_duration").tags("source", "listings").timers())
        .extracting(t -> t.getId().getTag("zoom_band") + "=" + t.count())
        .containsExactlyInAnyOrder("0-4=2", "5-9=2", "10-13=2", "14+=2", "none=1");
    assertThat(registry.find("tiles_request_duration").tags("source", "properties").timers())
        .extracting(t -> t.getId().getTag("zoom_band"))
        .containsExactly("10-13");
  }
}
