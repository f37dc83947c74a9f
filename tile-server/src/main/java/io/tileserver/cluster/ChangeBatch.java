package io.tileserver.cluster;

import java.util.Arrays;

/**
 * One batch of changes for a {@link LiveClusterIndex}, applied atomically: rows to insert or replace
 * (by id) and ids to remove. The upserts are packed and sorted by key when the batch is built — off
 * the writer's lock — into a small index sharing the live index's dictionaries. Immutable once built.
 */
public final class ChangeBatch {
  final ClusterIndex upserts;
  final long[] removals;
  /** Every id of the batch (upserts and removals), ascending, each once. */
  final long[] touched;
  private final long receivedNanos;

  private ChangeBatch(ClusterIndex upserts, long[] removals, long[] touched, long receivedNanos) {
    this.upserts = upserts;
    this.removals = removals;
    this.touched = touched;
    this.receivedNanos = receivedNanos;
  }

  /** Ids the batch touches. */
  public int size() {
    return touched.length;
  }

  /** {@link System#nanoTime()} when the oldest change of the batch was heard of. */
  public long receivedNanos() {
    return receivedNanos;
  }

  /** Collects one batch; get one from {@link LiveClusterIndex#newBatch}. Not thread-safe. */
  public static final class Builder {
    private final ClusterIndexBuilder rows;
    private long[] removals = new long[16];
    private int removalCount;
    private long receivedNanos;

    Builder(ClusterIndex like, int expectedRows) {
      this.rows = ClusterIndexBuilder.sharing(like, expectedRows);
      this.receivedNanos = System.nanoTime();
    }

    /** Inserts the row or replaces the row of that id; missing values as in {@link ClusterIndexBuilder#add}. */
    public Builder upsert(long id, double lon, double lat, long price, int beds, double baths, long sqft, String type,
        String status) {
      rows.add(id, lon, lat, price, beds, baths, sqft, type, status);
      return this;
    }

    /** Removes the row of that id, if the index holds one. */
    public Builder remove(long id) {
      if (removalCount == removals.length) {
        removals = Arrays.copyOf(removals, removalCount * 2);
      }
      removals[removalCount++] = id;
      return this;
    }

    /** When the oldest change was heard of ({@link System#nanoTime()}); defaults to the builder's creation. */
    public Builder receivedAt(long nanoTime) {
      receivedNanos = nanoTime;
      return this;
    }

    public int size() {
      return rows.size() + removalCount;
    }

    /** Packs and sorts the upserts; an id named twice is refused. */
    public ChangeBatch build() {
      ClusterIndex upserts = rows.build();
      long[] removed = Arrays.copyOf(removals, removalCount);
      Arrays.sort(removed);
      long[] touched = Arrays.copyOf(upserts.ids.toArray(upserts.size), upserts.size + removed.length);
      System.arraycopy(removed, 0, touched, upserts.size, removed.length);
      Arrays.sort(touched);
      for (int i = 1; i < touched.length; i++) {
        if (touched[i] == touched[i - 1]) {
          throw new IllegalArgumentException("id " + touched[i] + " appears twice in one change batch");
        }
      }
      return new ChangeBatch(upserts, removed, touched, receivedNanos);
    }
  }
}
