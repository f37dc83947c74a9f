package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScanHelperPoolTest {
  @Test
  void aHalfGoesToAnIdleHelperThread() throws Exception {
    ExecutorService pool = ScanHelperPool.create();
    try {
      AtomicReference<String> ranOn = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      pool.execute(() -> {
        ranOn.set(Thread.currentThread().getName());
        done.countDown();
      });
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(ranOn.get()).startsWith("cluster-scan-");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whenEveryHelperIsBusyTheAskingThreadRunsTheHalfItselfInsteadOfQueueing() throws Exception {
    ExecutorService pool = ScanHelperPool.create();
    CountDownLatch release = new CountDownLatch(1);
    try {
      int helpers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
      CountDownLatch busy = new CountDownLatch(helpers);
      for (int i = 0; i < helpers; i++) {
        pool.execute(() -> {
          busy.countDown();
          awaitQuietly(release);
        });
      }
      assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      pool.execute(() -> ranOn.set(Thread.currentThread()));
      assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void afterShutdownTheAskingThreadStillRunsTheHalfItself() {
    ExecutorService pool = ScanHelperPool.create();
    pool.shutdown();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    pool.execute(() -> ranOn.set(Thread.currentThread()));
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }
}
