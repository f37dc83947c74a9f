package io.tileserver.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition another process makes true, with a deadline (tests never wait unbounded). */
public final class Eventually {
  private Eventually() {}

  /** Returns once {@code condition} holds; fails naming {@code what} when it has not within {@code limit}. */
  public static void await(String what, Duration limit, BooleanSupplier condition) {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("still not true after " + limit.toMillis() + " ms: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }
}
