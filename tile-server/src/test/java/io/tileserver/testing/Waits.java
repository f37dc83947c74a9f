package io.tileserver.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits with a deadline. A test waiting for something that never happens fails, saying what it
 * waited for and how long, instead of hanging the suite.
 */
public final class Waits {
  private static final long POLL_MILLIS = 20;

  private Waits() {}

  /** Polls {@code condition} every 20 ms until it holds; fails once {@code within} has passed. */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }

  /** As {@link Future#await()}, the result or the failure, but failing once {@code within} has passed. */
  public static <T> T await(String what, Duration within, Future<T> future) {
    try {
      return future.await(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("not completed within " + within.toMillis() + " ms: " + what, e);
    }
  }

  /** As {@link CompletableFuture#join()}, the result or the failure, but failing once {@code within} has passed. */
  public static <T> T join(String what, Duration within, CompletableFuture<T> future) {
    try {
      return future.get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("not completed within " + within.toMillis() + " ms: " + what, e);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for: " + what, e);
    }
  }
}
