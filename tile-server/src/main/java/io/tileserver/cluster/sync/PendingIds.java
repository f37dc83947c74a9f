package io.tileserver.cluster.sync;

import java.util.Arrays;

/**
 * Ids heard of but not yet applied, as a growable primitive array (no boxing), with the time the
 * oldest arrived. Drained from the front in batches, each sorted and distinct; an id left in a
 * later batch too is merely re-read twice. Confined to the sync's context; not thread-safe.
 */
final class PendingIds {
  private long[] ids = new long[1024];
  private int size;
  private long oldestNanos;

  void add(long id) {
    if (size == 0) {
      oldestNanos = System.nanoTime();
    }
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
    }
    ids[size++] = id;
  }

  void addAll(long[] more) {
    for (long id : more) {
      add(id);
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  long oldestNanos() {
    return oldestNanos;
  }

  /** Removes up to {@code max} ids from the front and returns them sorted and distinct. */
  long[] drain(int max) {
    int n = Math.min(max, size);
    long[] batch = Arrays.copyOf(ids, n);
    System.arraycopy(ids, n, ids, 0, size - n);
    size -= n;
    if (size > 0) {
      oldestNanos = System.nanoTime();
    }
    Arrays.sort(batch);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || batch[i] != batch[i - 1]) {
        batch[distinct++] = batch[i];
      }
    }
    return Arrays.copyOf(batch, distinct);
  }
}
