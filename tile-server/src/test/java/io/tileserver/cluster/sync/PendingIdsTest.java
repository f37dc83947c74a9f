package io.tileserver.cluster.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingIdsTest {
  @Test
  void drainingTakesTheOldestIdsSortedAndDistinctAndKeepsTheRest() {
    PendingIds pending = new PendingIds();
    pending.addAll(new long[] {9, 3, 9, 1, 7});
    pending.add(2);
    assertThat(pending.drain(4)).containsExactly(1, 3, 9);
    assertThat(pending.size()).isEqualTo(2);
    assertThat(pending.drain(10)).containsExactly(2, 7);
    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void itGrowsPastItsFirstCapacity() {
    PendingIds pending = new PendingIds();
    for (long id = 5_000; id > 0; id--) {
      pending.add(id);
    }
    long[] drained = pending.drain(5_000);
    assertThat(drained).hasSize(5_000);
    assertThat(drained[0]).isEqualTo(1);
    assertThat(drained[4_999]).isEqualTo(5_000);
  }

  @Test
  void aLongQueueDrainedInBatchesWhileIdsKeepArrivingYieldsEveryIdOnceInArrivalOrder() {
    PendingIds pending = new PendingIds();
    for (long id = 1; id <= 100_000; id++) {
      pending.add(id);
    }
    long next = 1;
    long added = 100_000;
    while (!pending.isEmpty()) {
      long[] batch = pending.drain(5_000);
      for (long id : batch) {
        assertThat(id).isEqualTo(next++);
      }
      if (added < 150_000) {
        for (int i = 0; i < 3_000; i++) {
          pending.add(++added);
        }
      }
    }
    assertThat(next - 1).isEqualTo(added);
  }
}
