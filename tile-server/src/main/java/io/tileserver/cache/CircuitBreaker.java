package io.tileserver.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Keeps calls away from a failing dependency. Closed: calls pass; {@code failuresToOpen} consecutive
 * failures open it. Open: calls are refused at once until {@code openMillis} have passed, then one
 * call goes through as a probe (half-open); its success closes the breaker, its failure opens it for
 * another period. Thread-safe without locks; the clock is injectable for tests.
 */
final class CircuitBreaker {
  /** The breaker's position; the gauge value is the ordinal. */
  enum State {
    CLOSED,
    HALF_OPEN,
    OPEN
  }

  private final int failuresToOpen;
  private final long openNanos;
  private final LongSupplier clock;
  private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong openedAt = new AtomicLong();

  CircuitBreaker(int failuresToOpen, long openMillis, LongSupplier nanoClock) {
    if (failuresToOpen < 1 || openMillis < 1) {
      throw new IllegalArgumentException("failuresToOpen and openMillis must be positive");
    }
    this.failuresToOpen = failuresToOpen;
    this.openNanos = openMillis * 1_000_000L;
    this.clock = nanoClock;
  }

  CircuitBreaker(int failuresToOpen, long openMillis) {
    this(failuresToOpen, openMillis, System::nanoTime);
  }

  /** True when a call may go ahead; in the half-open state only the first caller gets true. */
  boolean tryAcquire() {
    return switch (state.get()) {
      case CLOSED -> true;
      case HALF_OPEN -> false;
      case OPEN -> clock.getAsLong() - openedAt.get() >= openNanos && state.compareAndSet(State.OPEN, State.HALF_OPEN);
    };
  }

  void onSuccess() {
    failures.set(0);
    state.set(State.CLOSED);
  }

  void onFailure() {
    if (state.get() == State.HALF_OPEN || failures.incrementAndGet() >= failuresToOpen) {
      openedAt.set(clock.getAsLong());
      state.set(State.OPEN);
    }
  }

  State state() {
    return state.get();
  }
}
