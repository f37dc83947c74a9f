package io.tileserver.cluster;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A box's rows cut into pieces, each carrying the least (rank, id) any of its rows can have in one
 * {@link ListingSort}, and visited least bound first until a {@link ListingSearch.TopRows} heap
 * excludes the next bound. A piece is a run of rows in key order (main's or the delta's) cut where
 * the box's cover runs and the {@link BlockBounds} blocks end, or, for main's zoom-7 nodes wholly
 * inside the box, one {@link LowZoomOrder} group that the filter admits: its rows share bedrooms,
 * bathrooms, type and status, so its bound is that of the rows the filter keeps, where a block's is
 * that of every kind of row (a filter's matches ranking late in the sort, like land by bedrooms,
 * made every block's bound too low to skip). A {@link RankHeap} of piece numbers orders them:
 * building it is linear, and a search that stops early pays a logarithm only for the pieces it reads.
 */
final class BoundedPieces {
  /** Pieces read between two looks at the deadline. */
  private static final int POLL_EVERY = 16;
  /** Bits of {@link #flags}. */
  private static final byte DELTA = 1;
  private static final byte TESTED = 2;
  private static final byte GROUP = 4;

  private final ClusterSnapshot snapshot;
  private final ListingSort sort;
  private final ClusterFilter filter;
  /** The least rank {@code filter} admits, below which no bound needs to go. */
  private final long floor;
  private int[] from = new int[256];
  private int[] to = new int[256];
  /**
   * {@link #DELTA}: rows of the delta; {@link #TESTED}: rows to test against the box; {@link #GROUP}:
   * positions of a group.
   */
  private byte[] flags = new byte[256];
  private long[] rank = new long[256];
  private long[] id = new long[256];
  private int size;

  BoundedPieces(ClusterSnapshot snapshot, ListingSort sort, ClusterFilter filter) {
    this.snapshot = snapshot;
    this.sort = sort;
    this.filter = filter;
    this.floor = sort.leastAdmitted(filter);
  }

  /**
   * Do groups bound this search's rows more tightly than blocks? When the filter refuses kinds of
   * rows whose sorted values differ from those it keeps (sqft under a bedrooms filter, bedrooms of
   * land), a group's bound is that of the kept kind. When the ranks tie (by id, or by bedrooms under
   * a bedrooms filter), the id decides, and a block, a few streets of rows, spans fewer ids than a
   * group spread over a zoom-7 node: by id, measured on 10M listings, blocks were 2–10× faster.
   */
  static boolean groupsBoundTighter(ListingSort sort, ClusterFilter filter) {
    return switch (sort) {
      case NEWEST, OLDEST -> false;
      case BEDS, BEDS_DESC -> filter.testsBathsTypeOrStatus() && !filter.tests(ClusterAttribute.BEDROOMS);
      default -> filter.testsBathsTypeOrStatus() || filter.tests(ClusterAttribute.BEDROOMS);
    };
  }

  /** Where main's zoom-7 nodes {@code [nodeFrom, nodeTo)} go when not cut at blocks. */
  @FunctionalInterface
  interface Nodes {
    void add(int nodeFrom, int nodeTo);
  }

  /**
   * Adds the pieces of {@code cover}: main's nodes wholly inside the box to {@code interior} (this
   * one's {@link #addGroups}, or a {@link RunMerge}'s) unless it is null, everything else cut at
   * blocks.
   */
  void addCover(BoxCover cover, Nodes interior) {
    ClusterIndex main = snapshot.main;
    for (int i = 0; i < cover.size(); i++) {
      boolean tested = cover.tested(i);
      int a = main.firstRow(cover.start(i));
      int b = main.firstRow(cover.end(i));
      long nodeFrom = cover.firstWholeNode(i);
      long nodeTo = cover.endWholeNode(i);
      if (interior != null && !tested && nodeFrom < nodeTo) {
        interior.add((int) nodeFrom, (int) nodeTo);
        addBlocks(main, false, a, main.firstRow(BoxCover.nodeStart(nodeFrom)), false);
        addBlocks(main, false, main.firstRow(BoxCover.nodeStart(nodeTo)), b, false);
      } else {
        addBlocks(main, false, a, b, tested);
      }
      ClusterIndex delta = snapshot.delta;
      if (delta.size > 0) {
        addBlocks(delta, true, delta.firstRow(cover.start(i)), delta.firstRow(cover.end(i)), tested);
      }
    }
  }

  /** Adds the groups of main's zoom-7 nodes {@code [nodeFrom, nodeTo)} that the filter admits. */
  void addGroups(int nodeFrom, int nodeTo) {
    LowZoomOrder order = snapshot.main.lowZoomOrder();
    BlockBounds bounds = order.groupBounds();
    order.forEachGroup(nodeFrom, nodeTo, filter, (g, a, b) -> {
      if (a < b) {
        append(a, b, GROUP, Math.max(floor, bounds.leastRank(sort, g)), bounds.leastId(g));
      }
    });
  }

  /** Rows {@code [first, b)} of one part, cut at its blocks. */
  private void addBlocks(ClusterIndex part, boolean delta, int first, int b, boolean tested) {
    for (int start = first; start < b; ) {
      int block = start >>> BlockSums.BLOCK_BITS;
      int end = Math.min(b, (block + 1) << BlockSums.BLOCK_BITS);
      append(start, end, (byte) ((delta ? DELTA : 0) | (tested ? TESTED : 0)),
          Math.max(floor, part.bounds.leastRank(sort, block)), part.bounds.leastId(block));
      start = end;
    }
  }

  private void append(int start, int end, byte flag, long leastRank, long leastId) {
    if (size == from.length) {
      int grown = 2 * size;
      from = Arrays.copyOf(from, grown);
      to = Arrays.copyOf(to, grown);
      flags = Arrays.copyOf(flags, grown);
      rank = Arrays.copyOf(rank, grown);
      id = Arrays.copyOf(id, grown);
    }
    from[size] = start;
    to[size] = end;
    flags[size] = flag;
    rank[size] = leastRank;
    id[size] = leastId;
    size++;
  }

  /** Offers the matches of pieces to {@code top}, least bound first, until it excludes a bound. */
  void visit(ViewportBox box, BooleanSupplier stop, ListingSearch.TopRows top) {
    int[] heap = RankHeap.of(size, rank, id);
    int[] buffer = new int[ViewportScan.CHUNK];
    int left = size;
    int read = 0;
    while (left > 0) {
      int p = heap[0];
      if (top.excludes(rank[p], id[p])) {
        break;
      }
      heap[0] = heap[--left];
      RankHeap.siftDown(heap, left, 0, rank, id);
      if (++read % POLL_EVERY == 0 && stop.getAsBoolean()) {
        throw new CancellationException("viewport search stopped at its deadline");
      }
      if ((flags[p] & GROUP) != 0) {
        offerGroup(from[p], to[p], stop, top);
      } else {
        boolean delta = (flags[p] & DELTA) != 0;
        ViewportScan.rows(delta ? snapshot.delta : snapshot.main, delta ? Tombstones.NONE : snapshot.dead, from[p],
            to[p], (flags[p] & TESTED) != 0, box, filter, stop, buffer, delta ? snapshot.main.size : 0, top);
      }
    }
  }

  /**
   * Offers the live rows of a group's positions {@code [a, b)}: they pass the filter's bedrooms,
   * bathrooms, type, status and price, so only a sqft range is left to test.
   */
  private void offerGroup(int a, int b, BooleanSupplier stop, ListingSearch.TopRows top) {
    ClusterIndex main = snapshot.main;
    int[] rows = main.lowZoomOrder().groupRows();
    boolean sqft = filter.tests(ClusterAttribute.SQFT);
    for (int p = a; p < b; p++) {
      int row = rows[p];
      if (!snapshot.dead.isDead(row) && (!sqft || filter.matches(main, row))) {
        top.offer(main, row, 0);
      }
      if (((p - a) & (ViewportScan.CHUNK - 1)) == ViewportScan.CHUNK - 1 && stop.getAsBoolean()) {
        throw new CancellationException("viewport search stopped at its deadline");
      }
    }
  }
}
