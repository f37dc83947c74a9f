package io.tileserver.cluster;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A page by price (either direction) over main's rows of the zoom-{@value LowZoomOrder#LEVEL} nodes
 * wholly inside a box, merged from {@link LowZoomOrder}'s groups: each admitted group is one run
 * already sorted by price, so the merge reads each run's head and about a page of rows. Blocks in key
 * order cannot do that under a price range: nearly every block holds a price at the range's low end,
 * so each block's bound is that end and a continent's every block was read (30 ms over 10M listings).
 *
 * <p>The runs hold no NULL price (a NULL ranks after every price), so a page that is not full once
 * every run is read may need the rows without a price: {@link #offerTo} says so and the caller reads
 * the box the way that does not depend on price order. A sqft range is not answered here ({@link
 * #answers}): the runs would then hold rows to refuse, as many as the range is narrow.
 */
final class PriceMerge {
  /** Rows popped between two looks at the deadline. */
  private static final int POLL_EVERY = 1024;

  private final ClusterIndex main;
  private final Tombstones dead;
  private final LowZoomOrder order;
  private final ClusterFilter filter;
  private final boolean descending;
  private final int[] rows;
  private final long low;
  private final long high;
  /** Per run: its next position, and its end (exclusive, in the walk's direction). */
  private int[] next = new int[256];
  private int[] end = new int[256];
  /** Per run: the price at its next position, negated when descending (a rank, smaller first). */
  private long[] head = new long[256];
  private int size;

  /** Does this answer {@code sort} under {@code filter}? */
  static boolean answers(ListingSort sort, ClusterFilter filter) {
    return (sort == ListingSort.PRICE || sort == ListingSort.PRICE_DESC) && !filter.tests(ClusterAttribute.SQFT)
        && !filter.matchesNothing();
  }

  /** Prices after {@code after} only, which cuts every run to what a later page can hold. */
  PriceMerge(ClusterSnapshot snapshot, ClusterFilter filter, ListingSort sort, ListingSearch.After after) {
    this.main = snapshot.main;
    this.dead = snapshot.dead;
    this.order = main.lowZoomOrder();
    this.filter = filter;
    this.descending = sort == ListingSort.PRICE_DESC;
    this.rows = order.priceRows(filter);
    boolean ranged = filter.tests(ClusterAttribute.PRICE);
    long lowest = ranged ? filter.low(ClusterAttribute.PRICE) : 0;
    long highest = ranged ? filter.high(ClusterAttribute.PRICE) : Integer.MAX_VALUE;
    if (after != null) {
      // The cursor's rank is the price, or its negation descending: rows before it cannot follow.
      lowest = descending ? lowest : Math.max(lowest, after.rank());
      highest = descending ? Math.min(highest, -after.rank()) : highest;
    }
    this.low = lowest;
    this.high = highest;
  }

  /** Adds the runs of main's nodes {@code [nodeFrom, nodeTo)} at {@value LowZoomOrder#LEVEL}. */
  void addNodes(int nodeFrom, int nodeTo) {
    if (low <= high) {
      order.forEachPriceRun(nodeFrom, nodeTo, filter, low, high, this::addRun);
    }
  }

  private void addRun(int group, int from, int to) {
    if (from >= to) {
      return;
    }
    if (size == next.length) {
      next = Arrays.copyOf(next, 2 * size);
      end = Arrays.copyOf(end, 2 * size);
      head = Arrays.copyOf(head, 2 * size);
    }
    next[size] = descending ? to - 1 : from;
    end[size] = descending ? from - 1 : to;
    head[size] = rank(next[size]);
    size++;
  }

  private long rank(int position) {
    int price = main.prices[rows[position]];
    return descending ? -price : price;
  }

  /**
   * Offers the live rows of the runs to {@code top}, least price (or greatest) first, until it
   * excludes the next. Returns false when the runs ran out before {@code top} was full and the filter
   * admits NULL prices, which may then belong on the page.
   */
  boolean offerTo(ListingSearch.TopRows top, BooleanSupplier stop) {
    int[] heap = new int[size];
    for (int i = 0; i < size; i++) {
      heap[i] = i;
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(heap, size, i);
    }
    int left = size;
    int step = descending ? -1 : 1;
    for (int popped = 1; left > 0; popped++) {
      int run = heap[0];
      // Equal ranks still enter by a smaller id, so only a greater rank ends the walk.
      if (top.excludes(head[run], Long.MIN_VALUE)) {
        return true;
      }
      if (popped % POLL_EVERY == 0 && stop.getAsBoolean()) {
        throw new CancellationException("viewport search stopped at its deadline");
      }
      int row = rows[next[run]];
      if (!dead.isDead(row)) {
        top.offer(main, row, 0);
      }
      next[run] += step;
      if (next[run] == end[run]) {
        heap[0] = heap[--left];
      } else {
        head[run] = rank(next[run]);
      }
      siftDown(heap, left, 0);
    }
    return top.isFull() || filter.tests(ClusterAttribute.PRICE);
  }

  private void siftDown(int[] heap, int n, int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= n) {
        return;
      }
      int child = left + 1 < n && head[heap[left + 1]] < head[heap[left]] ? left + 1 : left;
      if (head[heap[child]] >= head[heap[i]]) {
        return;
      }
      int t = heap[i];
      heap[i] = heap[child];
      heap[child] = t;
      i = child;
    }
  }
}
