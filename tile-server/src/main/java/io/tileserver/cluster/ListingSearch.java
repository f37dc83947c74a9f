package io.tileserver.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One page of a viewport search: how many listings match in the box, and the first {@code limit}
 * of them in a {@link ListingSort} order that come after a keyset position (the last rank and id of
 * the previous page). Resuming after a position rather than an offset is what keeps pages
 * consistent while the index changes: a listing merged in before the position shifts nothing, so no
 * other listing is skipped or shown twice. One scan of the box; the page is kept in a bounded heap
 * (O(matches · log limit) at worst, usually one comparison a row once the heap is full).
 */
public final class ListingSearch {
  private ListingSearch() {}

  /** A page position: rank and id of the last listing shown. */
  public record After(long rank, long id) {}

  /** One listing of a page with its rank, which a cursor after it carries. */
  public record Hit(ClusterRow row, long rank) {}

  /**
   * @param total listings in the box passing the filters (on every page the same, unless the data changed)
   * @param more listings follow the page
   * @param version the snapshot searched
   */
  public record Page(long total, List<Hit> hits, boolean more, long version) {}

  /** Blocking: scans the box. {@code after} is null for the first page. */
  public static Page search(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, ListingSort sort,
      After after, int limit, BooleanSupplier stop) {
    TopRows top = new TopRows(sort, after, limit);
    ViewportScan.scan(snapshot, box, filter, stop, top);
    List<Hit> hits = new ArrayList<>(top.size);
    for (int i : top.sortedPositions()) {
      hits.add(new Hit(snapshot.row(top.rows[i]), top.ranks[i]));
    }
    return new Page(top.total, hits, top.following > limit, snapshot.version());
  }

  /** A max-heap of the {@code limit} least (rank, id) pairs after the position, in parallel arrays. */
  private static final class TopRows implements ViewportScan.Sink {
    final ListingSort sort;
    final boolean hasAfter;
    final long afterRank;
    final long afterId;
    final int limit;
    final long[] ranks;
    final long[] ids;
    final int[] rows;
    int size;
    long total;
    /** Matches after the position: more than {@link #limit} means another page. */
    long following;

    TopRows(ListingSort sort, After after, int limit) {
      this.sort = sort;
      this.hasAfter = after != null;
      this.afterRank = after == null ? 0 : after.rank();
      this.afterId = after == null ? 0 : after.id();
      this.limit = limit;
      this.ranks = new long[limit];
      this.ids = new long[limit];
      this.rows = new int[limit];
    }

    @Override
    public void accept(ClusterIndex part, int[] matched, int n, int base) {
      total += n;
      for (int r = 0; r < n; r++) {
        int row = matched[r];
        long rank = sort.rank(part, row);
        if (size == limit && rank > ranks[0]) {
          // The common case once the heap is full: worse than the page's last, so after the position too.
          following++;
          continue;
        }
        long id = part.ids.get(row);
        if (hasAfter && !after(rank, id, afterRank, afterId)) {
          continue;
        }
        following++;
        if (size < limit) {
          ranks[size] = rank;
          ids[size] = id;
          rows[size] = base + row;
          siftUp(size++);
        } else if (after(ranks[0], ids[0], rank, id)) {
          ranks[0] = rank;
          ids[0] = id;
          rows[0] = base + row;
          siftDown(0);
        }
      }
    }

    /** Is (rank, id) strictly after (r, i)? */
    private static boolean after(long rank, long id, long r, long i) {
      return rank > r || (rank == r && id > i);
    }

    private boolean above(int a, int b) {
      return after(ranks[a], ids[a], ranks[b], ids[b]);
    }

    private void siftUp(int i) {
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!above(i, parent)) {
          return;
        }
        swap(i, parent);
        i = parent;
      }
    }

    private void siftDown(int i) {
      while (true) {
        int left = 2 * i + 1;
        if (left >= size) {
          return;
        }
        int child = left + 1 < size && above(left + 1, left) ? left + 1 : left;
        if (!above(child, i)) {
          return;
        }
        swap(i, child);
        i = child;
      }
    }

    private void swap(int a, int b) {
      long r = ranks[a];
      ranks[a] = ranks[b];
      ranks[b] = r;
      long d = ids[a];
      ids[a] = ids[b];
      ids[b] = d;
      int w = rows[a];
      rows[a] = rows[b];
      rows[b] = w;
    }

    /** Heap positions in page order. */
    int[] sortedPositions() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : above(a, b) ? 1 : -1);
      int[] out = new int[size];
      for (int i = 0; i < size; i++) {
        out[i] = order[i];
      }
      return out;
    }
  }
}
