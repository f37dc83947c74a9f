package io.tileserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load limits: defaults derived from the machine and the deadline, bad values named by key. */
class LimitsConfigTest {
  private final ConfigLoader loader = new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get));

  @Test
  void withoutALimitsSectionWorkIsBoundedByDefaultsFromTheCoresAndTheDeadline() {
    LimitsConfig limits = loader.parse("").limits();
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(limits.requestDeadlineMs()).isEqualTo(6000);
    assertThat(limits.maxBuildsPerSource()).isNull();
    assertThat(limits.buildQueue()).isEqualTo(256);
    assertThat(limits.buildWaitMs()).isEqualTo(1000);
    assertThat(limits.clusterThreads()).isEqualTo(cores);
    assertThat(limits.compressionThreads()).isEqualTo(Math.max(1, cores / 2));
    assertThat(limits.workerQueue()).isEqualTo(64);
  }

  @Test
  void aShortDeadlineShortensTheDefaultWaitForABuildSlot() {
    assertThat(loader.parse("limits: {request-deadline-ms: 300}").limits().buildWaitMs()).isEqualTo(150);
  }

  @Test
  void configuredLimitsAreKept() {
    LimitsConfig limits = loader.parse("""
        limits: {max-builds-per-source: 3, build-queue: 10, build-wait-ms: 0, cluster-threads: 4,
                 compression-threads: 2, worker-queue: 0}
        """).limits();
    assertThat(limits.maxBuildsPerSource()).isEqualTo(3);
    assertThat(limits.buildQueue()).isEqualTo(10);
    assertThat(limits.buildWaitMs()).isZero();
    assertThat(limits.clusterThreads()).isEqualTo(4);
    assertThat(limits.compressionThreads()).isEqualTo(2);
    assertThat(limits.workerQueue()).isZero();
  }

  @Test
  void badLimitsNameTheKey() {
    assertThatThrownBy(() -> loader.parse("limits: {max-builds-per-source: 0}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `limits.max-builds-per-source` must be positive, was 0");
    assertThatThrownBy(() -> loader.parse("limits: {request-deadline-ms: 2000, build-wait-ms: 2000}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `limits.build-wait-ms` must be 0..request-deadline-ms - 1 (1999), was 2000");
    assertThatThrownBy(() -> loader.parse("limits: {compression-threads: 0}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `limits.compression-threads` must be positive, was 0");
    assertThatThrownBy(() -> loader.parse("limits: {worker-queue: -1}"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `limits.worker-queue` must be >= 0, was -1");
  }
}
