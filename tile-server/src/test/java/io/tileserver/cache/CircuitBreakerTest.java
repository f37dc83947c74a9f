package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.cache.CircuitBreaker.State;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final AtomicLong now = new AtomicLong();
  private final CircuitBreaker breaker = new CircuitBreaker(3, 100, now::get);

  private void advanceMillis(long millis) {
    now.addAndGet(millis * 1_000_000L);
  }

  @Test
  void itOpensAfterTheConfiguredNumberOfConsecutiveFailures() {
    breaker.onFailure();
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();

    breaker.onFailure();

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void afterTheOpenPeriodOneProbeGoesThroughAndItsSuccessClosesTheBreaker() {
    openIt();
    advanceMillis(99);
    assertThat(breaker.tryAcquire()).isFalse();

    advanceMillis(1);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).as("only one probe at a time").isFalse();

    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aFailedProbeOpensTheBreakerForAnotherPeriod() {
    openIt();
    advanceMillis(100);
    assertThat(breaker.tryAcquire()).isTrue();

    breaker.onFailure();

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    advanceMillis(99);
    assertThat(breaker.tryAcquire()).isFalse();
    advanceMillis(1);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  private void openIt() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }
}
