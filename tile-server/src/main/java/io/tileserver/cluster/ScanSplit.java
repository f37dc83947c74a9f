package io.tileserver.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * When and how a large scan is cut in two: from {@code threshold} rows, the second half runs on
 * {@code helper} ({@link ScanHelperPool}, which runs it on the asking thread when no helper is free)
 * while the asking thread takes the first.
 *
 * @param helper runs second halves; null to scan on the calling thread only
 * @param threshold rows from which a scan is split
 */
public record ScanSplit(Executor helper, int threshold) {
  /** Never splits. */
  public static final ScanSplit NONE = new ScanSplit(null, Integer.MAX_VALUE);

  /** Is a scan of {@code rows} rows worth splitting? */
  boolean worth(long rows) {
    return helper != null && rows >= threshold;
  }

  /**
   * Runs {@code first} here and {@code second} on the helper, and returns when both are done; a
   * failure of either is rethrown (the first's when both fail).
   */
  void both(Runnable first, Runnable second) {
    CompletableFuture<Void> other = CompletableFuture.runAsync(second, helper);
    try {
      first.run();
    } catch (RuntimeException e) {
      other.exceptionally(ignored -> null).join();
      throw e;
    }
    try {
      other.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
