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
 * other listing is skipped or shown twice.
 *
 * <p>The total comes from {@link ViewportCount}. The page does not rank every match: the box's
 * rows are cut into pieces with {@link BlockBounds} (blocks in key order, or the low-zoom groups a
 * filter admits), the pieces visited from the least bound on (rank, id) up, each piece's matches
 * offered to a bounded heap of {@code limit + 1}, and the walk stops at the first piece whose bound
 * comes after the heap's last entry once it is full (no row of it or of any later piece could
 * enter). By price or sqft, whole nodes are runs already sorted and merged instead
 * ({@link RunMerge}). Over a big box most rows are never read; over a small one it reads what a
 * scan would.
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

  /** Blocking: reads the box. {@code after} is null for the first page. */
  public static Page search(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, ListingSort sort,
      After after, int limit, BooleanSupplier stop) {
    BoxCover cover = BoxCover.of(box);
    long total = ViewportCount.count(snapshot, cover, box, filter, stop);
    TopRows top = new TopRows(sort, after, limit + 1);
    if (total > 0) {
      fill(snapshot, cover, box, filter, sort, after, stop, top);
    }
    int shown = Math.min(limit, top.size);
    List<Hit> hits = new ArrayList<>(shown);
    int[] order = top.sortedPositions();
    for (int i = 0; i < shown; i++) {
      hits.add(new Hit(snapshot.row(top.rows[order[i]]), top.ranks[order[i]]));
    }
    return new Page(total, hits, top.size > limit, snapshot.version());
  }

  /**
   * Offers {@code top} what can enter it. By price or sqft, main's whole nodes inside the box are
   * merged from their sorted runs ({@link RunMerge}) and the rest is read by blocks; otherwise, or
   * when the merge cannot settle the page, those nodes are read by the groups the filter admits
   * where their bounds are tighter, and everything else by blocks ({@link BoundedPieces}).
   */
  private static void fill(ClusterSnapshot snapshot, BoxCover cover, ViewportBox box, ClusterFilter filter,
      ListingSort sort, After after, BooleanSupplier stop, TopRows top) {
    RunMerge merge = RunMerge.of(snapshot, filter, sort, after);
    if (merge != null) {
      BoundedPieces rest = new BoundedPieces(snapshot, sort, filter);
      rest.addCover(cover, merge::addNodes);
      if (merge.offerTo(top, stop)) {
        rest.visit(box, stop, top);
        return;
      }
      top.clear();
    }
    BoundedPieces pieces = new BoundedPieces(snapshot, sort, filter);
    pieces.addCover(cover, BoundedPieces.groupsBoundTighter(sort, filter) ? pieces::addGroups : null);
    pieces.visit(box, stop, top);
  }

  /** A max-heap of the {@code capacity} least (rank, id) pairs after the position, in parallel arrays. */
  static final class TopRows implements ViewportScan.Sink {
    final ListingSort sort;
    final boolean hasAfter;
    final long afterRank;
    final long afterId;
    final int capacity;
    final long[] ranks;
    final long[] ids;
    final int[] rows;
    int size;

    TopRows(ListingSort sort, After after, int capacity) {
      this.sort = sort;
      this.hasAfter = after != null;
      this.afterRank = after == null ? 0 : after.rank();
      this.afterId = after == null ? 0 : after.id();
      this.capacity = capacity;
      this.ranks = new long[capacity];
      this.ids = new long[capacity];
      this.rows = new int[capacity];
    }

    /** Full, and (rank, id) comes after its last entry: no row ranked so can enter. */
    boolean excludes(long rank, long id) {
      return size == capacity && after(rank, id, ranks[0], ids[0]);
    }

    boolean isFull() {
      return size == capacity;
    }

    /** Empties the heap, for a second way through the box. */
    void clear() {
      size = 0;
    }

    @Override
    public void accept(ClusterIndex part, int[] matched, int n, int base) {
      for (int r = 0; r < n; r++) {
        offer(part, matched[r], base);
      }
    }

    /** Offers one row of {@code part} ({@code base} + row is its snapshot row). */
    void offer(ClusterIndex part, int row, int base) {
      long rank = sort.rank(part, row);
      if (size == capacity && rank > ranks[0]) {
        // The common case once the heap is full: worse than its last.
        return;
      }
      long id = part.ids.get(row);
      if (hasAfter && !after(rank, id, afterRank, afterId)) {
        return;
      }
      if (size < capacity) {
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
