package io.tileserver.cluster;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A box's rows (main's and the delta's) cut where the box's cover runs and the {@link BlockBounds}
 * blocks end, each piece carrying its block's least (rank, id) in one {@link ListingSort}, and
 * visited least bound first until a {@link ListingSearch.TopRows} heap excludes the next bound. A
 * binary heap of piece numbers orders them: building it is linear, and a search that stops early
 * pays a logarithm only for the pieces it reads.
 */
final class BoundedPieces {
  /** Pieces read between two looks at the deadline: a piece is at most one block. */
  private static final int POLL_EVERY = 16;

  private int[] from = new int[256];
  private int[] to = new int[256];
  /** Bit 0: a delta piece; bit 1: its rows must be tested against the box. */
  private byte[] flags = new byte[256];
  private long[] rank = new long[256];
  private long[] id = new long[256];
  private int size;

  private BoundedPieces() {}

  /** The pieces of {@code cover}, each bound also raised to the least rank {@code filter} admits. */
  static BoundedPieces of(ClusterSnapshot snapshot, BoxCover cover, ListingSort sort, ClusterFilter filter) {
    BoundedPieces pieces = new BoundedPieces();
    long floor = sort.leastAdmitted(filter);
    for (int i = 0; i < cover.size(); i++) {
      pieces.add(snapshot.main, 0, cover.start(i), cover.end(i), cover.tested(i), sort, floor);
      if (snapshot.delta.size > 0) {
        pieces.add(snapshot.delta, 1, cover.start(i), cover.end(i), cover.tested(i), sort, floor);
      }
    }
    return pieces;
  }

  private void add(ClusterIndex part, int delta, long startKey, long endKey, boolean tested, ListingSort sort,
      long floor) {
    int b = part.firstRow(endKey);
    for (int start = part.firstRow(startKey); start < b; ) {
      int block = start >>> BlockSums.BLOCK_BITS;
      int end = Math.min(b, (block + 1) << BlockSums.BLOCK_BITS);
      append(start, end, (byte) (delta | (tested ? 2 : 0)), Math.max(floor, part.bounds.leastRank(sort, block)),
          part.bounds.leastId(block));
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
  void visit(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, BooleanSupplier stop,
      ListingSearch.TopRows top) {
    int[] heap = new int[size];
    for (int i = 0; i < size; i++) {
      heap[i] = i;
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(heap, size, i);
    }
    int[] buffer = new int[ViewportScan.CHUNK];
    int left = size;
    int read = 0;
    while (left > 0) {
      int p = heap[0];
      if (top.excludes(rank[p], id[p])) {
        break;
      }
      heap[0] = heap[--left];
      siftDown(heap, left, 0);
      if (++read % POLL_EVERY == 0 && stop.getAsBoolean()) {
        throw new CancellationException("viewport search stopped at its deadline");
      }
      boolean delta = (flags[p] & 1) != 0;
      ViewportScan.rows(delta ? snapshot.delta : snapshot.main, delta ? Tombstones.NONE : snapshot.dead, from[p],
          to[p], (flags[p] & 2) != 0, box, filter, stop, buffer, delta ? snapshot.main.size : 0, top);
    }
  }

  private boolean before(int a, int b) {
    return rank[a] < rank[b] || (rank[a] == rank[b] && id[a] < id[b]);
  }

  private void siftDown(int[] heap, int n, int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= n) {
        return;
      }
      int child = left + 1 < n && before(heap[left + 1], heap[left]) ? left + 1 : left;
      if (!before(heap[child], heap[i])) {
        return;
      }
      int t = heap[i];
      heap[i] = heap[child];
      heap[child] = t;
      i = child;
    }
  }
}
