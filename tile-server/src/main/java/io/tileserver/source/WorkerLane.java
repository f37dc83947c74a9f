package io.tileserver.source;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named pool of worker threads for one kind of blocking tile work, with a bounded queue. Kinds of
 * work get lanes of their own so one cannot starve another: cluster tiles used to wait seconds
 * behind the compression of megabyte PostGIS tiles on Vert.x's shared worker pool. A task offered
 * to a full lane fails at once with {@link SourceBusyException} (503 and {@code Retry-After}); a
 * task whose {@link Deadline} passed while it queued is dropped unstarted.
 */
public final class WorkerLane {
  private static final int BUSY_RETRY_SECONDS = 1;

  private final String name;
  private final WorkerExecutor executor;
  /** Tasks queued or running; at most {@link #capacity}. */
  private final AtomicInteger pending = new AtomicInteger();
  private final int capacity;
  private final Counter rejected;
  private final Counter expired;

  /**
   * @param threads tasks running at once
   * @param queue tasks that may wait for a thread; more are refused
   */
  public WorkerLane(Vertx vertx, String name, int threads, int queue, MeterRegistry registry) {
    this.name = name;
    this.executor = vertx.createSharedWorkerExecutor("tile-" + name, threads);
    this.capacity = threads + queue;
    Gauge.builder("tiles_worker_pending", pending, AtomicInteger::get)
        .description("Tasks queued or running in a worker lane").tag("lane", name).register(registry);
    this.rejected = Counter.builder("tiles_worker_rejected")
        .description("Tasks refused because their worker lane's queue was full (answered 503)")
        .tag("lane", name).register(registry);
    this.expired = Counter.builder("tiles_worker_expired")
        .description("Tasks dropped unstarted because their request's deadline passed while they queued")
        .tag("lane", name).register(registry);
  }

  /** Runs {@code task} on this lane unless the lane is full or {@code deadline} passes first. */
  public <T> Future<T> submit(Deadline deadline, Callable<T> task) {
    if (pending.incrementAndGet() > capacity) {
      pending.decrementAndGet();
      rejected.increment();
      return Future.failedFuture(new SourceBusyException("the " + name + " workers are all busy and "
          + capacity + " tasks are queued or running (see limits.worker-queue)", BUSY_RETRY_SECONDS, null));
    }
    return executor.executeBlocking(() -> {
      try {
        if (deadline.passed()) {
          expired.increment();
          throw deadline.exceeded(name + " task still queued at its deadline");
        }
        return task.call();
      } finally {
        pending.decrementAndGet();
      }
    }, false);
  }

  public String name() {
    return name;
  }

  public Future<Void> close() {
    return executor.close();
  }
}
