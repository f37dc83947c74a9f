package io.tileserver.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line per kind through per interval and counts the rest, so a flood of bad requests
 * or an outage answered thousands of times a second writes a few lines a second, not megabytes. The
 * line that gets through says how many like it were held back since the last one.
 */
final class LogThrottle {
  private static final int MAX_KINDS = 1024;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  LogThrottle(long interval, TimeUnit unit) {
    this.intervalNanos = unit.toNanos(interval);
  }

  /** One interval of one kind: when it opened and how many were held back in it. */
  private static final class Window {
    final AtomicLong opened = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong held = new AtomicLong();
  }

  /**
   * -1 when a line of this {@code kind} was let through less than an interval ago (this one is
   * counted and should be dropped); otherwise the number held back since, and the caller logs.
   */
  long admit(String kind) {
    Window window = windows.get(kind);
    if (window == null) {
      if (windows.size() >= MAX_KINDS) {
        // Kinds come from exception classes and fixed texts; the bound only guards against a bug.
        windows.clear();
      }
      window = windows.computeIfAbsent(kind, k -> new Window());
    }
    long now = System.nanoTime();
    long opened = window.opened.get();
    if (opened != Long.MIN_VALUE && now - opened < intervalNanos || !window.opened.compareAndSet(opened, now)) {
      window.held.incrementAndGet();
      return -1;
    }
    return window.held.getAndSet(0);
  }
}
