package io.tileserver.cluster;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that take the second half of a large cluster scan ({@link CellAggregator}): one fewer
 * than the cores, since the asking thread scans the first half. Nothing queues: when every helper is
 * busy, the asking thread scans the second half itself, so a split never waits behind another
 * request's half and costs no more than not splitting. That holds after shutdown too (unlike
 * {@link ThreadPoolExecutor.CallerRunsPolicy}, which drops the task then and would leave the asking
 * thread waiting for it forever).
 */
public final class ScanHelperPool {
  private ScanHelperPool() {}

  /** A pool of daemon threads named {@code cluster-scan-N}; shut it down with the sources it serves. */
  public static ExecutorService create() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    AtomicInteger next = new AtomicInteger();
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "cluster-scan-" + next.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, (task, pool) -> task.run());
  }
}
