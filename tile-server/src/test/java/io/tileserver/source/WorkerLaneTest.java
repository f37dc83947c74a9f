package io.tileserver.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A lane runs what fits in its threads and queue, refuses the rest at once, and skips what expired. */
class WorkerLaneTest {
  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    vertx.close().await();
  }

  private static Deadline later() {
    return Deadline.after(System.nanoTime(), 60_000);
  }

  /** A task that holds its thread until the test releases it. */
  private Future<String> blocker(WorkerLane lane) {
    return lane.submit(later(), () -> {
      release.await(60, TimeUnit.SECONDS);
      return "released";
    });
  }

  @Test
  void aTaskOfferedToAFullLaneIsRefusedAtOnceAsBusy() {
    WorkerLane lane = new WorkerLane(vertx, "test", 1, 1, registry);
    Future<String> running = blocker(lane);
    Future<String> queued = lane.submit(later(), () -> "queued");

    Future<String> refused = lane.submit(later(), () -> "refused");

    assertThatThrownBy(refused::await)
        .isInstanceOfSatisfying(SourceBusyException.class, e -> assertThat(e.retryAfterSeconds()).isPositive())
        .hasMessageContaining("the test workers are all busy");
    assertThat(registry.counter("tiles_worker_rejected", "lane", "test").count()).isEqualTo(1);
    release.countDown();
    assertThat(running.await()).isEqualTo("released");
    assertThat(queued.await()).isEqualTo("queued");
    assertThat(lane.submit(later(), () -> "room again").await()).isEqualTo("room again");
  }

  @Test
  void aTaskWhoseDeadlinePassedWhileItQueuedIsDroppedUnstarted() throws InterruptedException {
    WorkerLane lane = new WorkerLane(vertx, "test", 1, 1, registry);
    Future<String> running = blocker(lane);
    AtomicBoolean ran = new AtomicBoolean();
    Deadline soon = Deadline.after(System.nanoTime(), 1);
    Future<String> expired = lane.submit(soon, () -> {
      ran.set(true);
      return "too late";
    });
    while (!soon.passed()) {
      Thread.sleep(1);
    }

    release.countDown();

    assertThatThrownBy(expired::await).isInstanceOf(DeadlineExceededException.class);
    assertThat(ran).isFalse();
    assertThat(running.await()).isEqualTo("released");
    assertThat(registry.counter("tiles_worker_expired", "lane", "test").count()).isEqualTo(1);
  }
}
