package io.tileserver.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Meters of the Redis L2. {@code tiles_l2_operations{op, outcome}}: op is get, set, rate_limit or ver
 * (data versions: reads, changes); outcome is hit or miss (get), ok (the others), error, timeout,
 * oversize (set: the entry exceeds max-value-bytes) or rejected (not attempted: the breaker is
 * open). {@code tiles_l2_duration{op}}: round trips, failures
 * included. {@code tiles_l2_breaker_state}: 0 closed, 1 half-open, 2 open.
 */
final class L2Metrics {
  private final MeterRegistry registry;
  /** Meters by op (and outcome), registered once: a cold tile counts four L2 events. */
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  L2Metrics(MeterRegistry registry, Supplier<CircuitBreaker.State> breaker) {
    this.registry = registry;
    Gauge.builder("tiles_l2_breaker_state", () -> breaker.get().ordinal())
        .description("Redis L2 circuit breaker: 0 closed, 1 half-open, 2 open")
        .register(registry);
  }

  void outcome(String op, String outcome) {
    outcomes.computeIfAbsent(op + '|' + outcome, k -> Counter.builder("tiles_l2_operations")
        .description("Redis L2 operations by kind and outcome")
        .tags("op", op, "outcome", outcome)
        .register(registry))
        .increment();
  }

  void duration(String op, long nanos) {
    durations.computeIfAbsent(op, k -> Timer.builder("tiles_l2_duration")
        .description("Redis L2 round trips, failures and timeouts included")
        .tags("op", op)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(20_000))
        .maximumExpectedValue(Duration.ofSeconds(2))
        .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The count of one operation and outcome so far (for tests and status details). */
  double count(String op, String outcome) {
    Counter counter = registry.find("tiles_l2_operations").tags("op", op, "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
