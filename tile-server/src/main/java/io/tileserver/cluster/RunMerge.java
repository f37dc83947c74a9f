package io.tileserver.cluster;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A page by price or sqft (either direction) over main's rows of the zoom-{@value LowZoomOrder#LEVEL}
 * nodes wholly inside a box, merged from runs that the low-zoom orders already keep sorted: by price,
 * each group the filter admits ({@link LowZoomOrder#forEachPriceRun}); by sqft, each piece of
 * {@link SqftOrder}. A heap of run heads yields rows in the page's order, so a page reads the heads
 * and about a page of rows. Blocks in key order cannot do that when every block holds a value at
 * the page's end: under a price range every block's bound is the range's low end, and at the least
 * sqft hundreds of thousands of listings tie, so every block was read (30–50 ms over 10M listings).
 *
 * <p>Runs hold no NULL of the sorted column (a NULL ranks after every value), so a page that is not
 * full once every run is read may need those rows; and a filter on a column the runs are not cut by
 * leaves rows to refuse, as many as it is narrow. In both cases {@link #offerTo} gives up, after
 * {@value #BUDGET} rows at the latest, and the caller reads the box the way that does not depend on
 * the order.
 */
final class RunMerge {
  /** Rows popped between two looks at the deadline. */
  private static final int POLL_EVERY = 1024;
  /** Rows popped before the merge gives up for blocks and groups: a few milliseconds. */
  static final int BUDGET = 1 << 16;

  private final ClusterIndex main;
  private final Tombstones dead;
  private final LowZoomOrder order;
  private final ClusterFilter filter;
  private final ClusterAttribute column;
  private final boolean descending;
  /** Rows must still be tested against the filter (sqft runs under a price range). */
  private final boolean testRows;
  /**
   * The runs order equal values by ascending id in the walk's direction, so a head's (rank, id)
   * bounds every row after it; otherwise only its rank does, and a tie at the page's end is read whole.
   */
  private final boolean exactTies;
  private final int[] priceRows;
  private final long low;
  private final long high;
  /** Per run: its piece (sqft runs), its next position, its end (exclusive, in the walk's direction). */
  private int[] tag = new int[256];
  private int[] next = new int[256];
  private int[] end = new int[256];
  /** Per run: the rank and id at its next position. */
  private long[] head = new long[256];
  private long[] headId = new long[256];
  private int size;

  private RunMerge(ClusterSnapshot snapshot, ClusterFilter filter, ListingSort sort, ClusterAttribute column,
      ListingSearch.After after) {
    this.main = snapshot.main;
    this.dead = snapshot.dead;
    this.order = main.lowZoomOrder();
    this.filter = filter;
    this.column = column;
    this.descending = sort == ListingSort.PRICE_DESC || sort == ListingSort.SQFT_DESC;
    boolean bySqft = column == ClusterAttribute.SQFT;
    this.testRows = bySqft && filter.tests(ClusterAttribute.PRICE);
    this.exactTies = bySqft && !descending && order.sqftOrder().tiesById();
    this.priceRows = bySqft ? null : order.priceRows(filter);
    boolean ranged = filter.tests(column);
    long lowest = ranged ? filter.low(column) : 0;
    long highest = ranged ? filter.high(column) : Integer.MAX_VALUE;
    if (after != null) {
      // The cursor's rank is the value, or its negation descending: rows before it cannot follow.
      lowest = descending ? lowest : Math.max(lowest, after.rank());
      highest = descending ? Math.min(highest, -after.rank()) : highest;
    }
    this.low = lowest;
    this.high = highest;
  }

  /**
   * A merge for this search, or null when none answers it: price sorts unless a sqft range is
   * filtered (the price runs could not cut it), sqft sorts when the filter tests price and sqft at
   * most (otherwise groups bound the rows more tightly: {@link BoundedPieces#groupsBoundTighter}).
   */
  static RunMerge of(ClusterSnapshot snapshot, ClusterFilter filter, ListingSort sort, ListingSearch.After after) {
    if (filter.matchesNothing()) {
      return null;
    }
    return switch (sort) {
      case PRICE, PRICE_DESC -> filter.tests(ClusterAttribute.SQFT) ? null
          : new RunMerge(snapshot, filter, sort, ClusterAttribute.PRICE, after);
      case SQFT, SQFT_DESC -> BoundedPieces.groupsBoundTighter(sort, filter) ? null
          : new RunMerge(snapshot, filter, sort, ClusterAttribute.SQFT, after);
      default -> null;
    };
  }

  /** Adds the runs of main's nodes {@code [nodeFrom, nodeTo)} at {@value LowZoomOrder#LEVEL}. */
  void addNodes(int nodeFrom, int nodeTo) {
    if (low > high) {
      return;
    }
    if (column == ClusterAttribute.SQFT) {
      order.sqftOrder().forEachRun(nodeFrom, nodeTo, low, high, this::addRun);
    } else {
      order.forEachPriceRun(nodeFrom, nodeTo, filter, low, high, this::addRun);
    }
  }

  private void addRun(int piece, int from, int to) {
    if (from >= to) {
      return;
    }
    if (size == next.length) {
      tag = Arrays.copyOf(tag, 2 * size);
      next = Arrays.copyOf(next, 2 * size);
      end = Arrays.copyOf(end, 2 * size);
      head = Arrays.copyOf(head, 2 * size);
      headId = Arrays.copyOf(headId, 2 * size);
    }
    tag[size] = piece;
    next[size] = descending ? to - 1 : from;
    end[size] = descending ? from - 1 : to;
    readHead(size);
    size++;
  }

  private int row(int run) {
    return priceRows != null ? priceRows[next[run]] : order.sqftOrder().row(tag[run], next[run]);
  }

  private void readHead(int run) {
    int row = row(run);
    int value = column == ClusterAttribute.SQFT ? main.sqfts[row] : main.prices[row];
    head[run] = descending ? -value : value;
    headId[run] = exactTies ? main.ids.get(row) : 0;
  }

  /**
   * Offers the live matching rows of the runs to {@code top} in the page's order until it excludes the
   * next. Returns false, for the caller to read the box another way, when it gave up after
   * {@value #BUDGET} rows, or when the runs ran out before {@code top} was full and the filter admits
   * NULLs of the sorted column.
   */
  boolean offerTo(ListingSearch.TopRows top, BooleanSupplier stop) {
    int[] heap = RankHeap.of(size, head, headId);
    int left = size;
    int step = descending ? -1 : 1;
    for (int popped = 1; left > 0; popped++) {
      int run = heap[0];
      // Without ordered ties an equal rank still enters by a smaller id: only a greater rank ends the walk.
      if (top.excludes(head[run], exactTies ? headId[run] : Long.MIN_VALUE)) {
        return true;
      }
      if (popped > BUDGET) {
        return false;
      }
      if (popped % POLL_EVERY == 0 && stop.getAsBoolean()) {
        throw new CancellationException("viewport search stopped at its deadline");
      }
      int row = row(run);
      if (!dead.isDead(row) && (!testRows || filter.matches(main, row))) {
        top.offer(main, row, 0);
      }
      next[run] += step;
      if (next[run] == end[run]) {
        heap[0] = heap[--left];
      } else {
        readHead(run);
      }
      RankHeap.siftDown(heap, left, 0, head, headId);
    }
    return top.isFull() || filter.tests(column);
  }
}
