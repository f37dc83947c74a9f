package io.tileserver.source;

import java.util.concurrent.TimeUnit;

/**
 * The moment a tile request stops being worth answering ({@code limits.request-deadline-ms} after it
 * arrived). Work still waiting then (for a connection, a worker) is not started: its client has
 * already been answered 503.
 *
 * @param expiresAtNanos {@link System#nanoTime()} at which the deadline passes
 * @param budgetMillis the whole budget, which sets the suggested retry delay
 */
public record Deadline(long expiresAtNanos, int budgetMillis) {
  /** The deadline {@code budgetMillis} after {@code startNanos} (a {@link System#nanoTime()} reading). */
  public static Deadline after(long startNanos, int budgetMillis) {
    return new Deadline(startNanos + TimeUnit.MILLISECONDS.toNanos(budgetMillis), budgetMillis);
  }

  /** Milliseconds left, rounded up; 0 once passed. */
  public long remainingMillis() {
    long nanos = expiresAtNanos - System.nanoTime();
    return nanos <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
  }

  public boolean passed() {
    return expiresAtNanos - System.nanoTime() <= 0;
  }

  /** The failure of work the deadline overtook; {@code what} (for the log) says which. */
  public DeadlineExceededException exceeded(String what) {
    return new DeadlineExceededException(what + " (limits.request-deadline-ms is " + budgetMillis + ")",
        Math.max(1, Math.ceilDiv(budgetMillis, 1000)));
  }
}
