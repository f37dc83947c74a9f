package io.tileserver.cluster.sync;

import java.util.Arrays;

/**
 * Ids heard of but not yet applied, as a growable primitive array (no boxing), with the time the
 * oldest arrived. Drained from the front in batches, each sorted and distinct; an id left in a
 * later batch too is merely re-read twice. The front advances instead of shifting the rest down, so
 * draining millions of queued ids (after a TRUNCATE) costs no more per batch than draining a few.
 * Confined to the sync's context; not thread-safe.
 */
final class PendingIds {
  private long[] ids = new long[1024];
  /** The queued ids are {@code ids[head .. head + size)}. */
  private int head;
  private int size;
  private long oldestNanos;

  void add(long id) {
    if (size == 0) {
      oldestNanos = System.nanoTime();
      head = 0;
    }
    if (head + size == ids.length) {
      if (head >= ids.length / 2) {
        System.arraycopy(ids, head, ids, 0, size);
      } else {
        ids = Arrays.copyOfRange(ids, head, head + Math.max(1024, size * 2));
      }
      head = 0;
    }
    ids[head + size++] = id;
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
    long[] batch = Arrays.copyOfRange(ids, head, head + n);
    head += n;
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
