package io.tileserver.cluster;

import java.util.Arrays;

/**
 * Main's rows within each quadtree node at zoom {@value LowZoomOrder#LEVEL}, cut into pieces of at
 * most {@value #PIECE} rows in key order, each piece sorted by sqft (NULL first) and then by id,
 * with prefix sums and price extremes per block of {@value #BLOCK} positions: a sqft range alone is
 * one run per piece, found by two binary searches, instead of a scan testing every row of the tile
 * (p95 23–65 ms at z0 over 10M), and a search by sqft merges the pieces ({@link RunMerge}). A
 * piece occupies the same positions in this order as its rows in key order, so a position holds
 * its row as a 16-bit offset from the piece's first row: 2 bytes a point where a permutation of ints
 * would take 4, which the 40 bytes a point of memory could not afford beside the other orders.
 * About 2.3 bytes a point in all; built with 2 × {@value #PIECE} longs of scratch. Immutable and
 * thread-safe.
 */
final class SqftOrder {
  private static final int LEVEL = LowZoomOrder.LEVEL;
  private static final int NODE_SHIFT = 2 * (MortonKey.BITS - LEVEL);
  static final int PIECE = 1 << 16;
  private static final int BLOCK_BITS = 7;
  private static final int BLOCK = 1 << BLOCK_BITS;

  /** Per position: its row less its piece's first row, unsigned. */
  private final short[] offsets;
  /** Per piece (ascending node, then key order): its node's Morton code at LEVEL; its first row (one more: the end). */
  private final int[] pieceNode;
  private final int[] pieceStart;
  /** Prefix sums over positions, per block: X, Y, the non-NULL prices and their count. */
  private final long[] sumX;
  private final long[] sumY;
  private final long[] sumPrice;
  private final int[] priced;
  /** Per block: its least price (none: MAX_VALUE) and greatest (all NULL: -1). */
  private final int[] blockMin;
  private final int[] blockMax;
  private final long[] keys;
  private final int[] prices;
  private final int[] sqfts;
  /** Equal sqfts of a piece are in ascending id order (else in key order: a piece's ids spanned 2^47 or more). */
  private final boolean tiesById;

  SqftOrder(long[] keys, RowIds ids, int[] prices, int[] sqfts, int size) {
    this.keys = keys;
    this.prices = prices;
    this.sqfts = sqfts;
    offsets = new short[size];
    GroupDirectory pieces = new GroupDirectory();
    long[] scratch = new long[PIECE];
    long[] tie = new long[PIECE];
    boolean byId = true;
    for (int from = 0; from < size; ) {
      int node = (int) (keys[from] >>> NODE_SHIFT);
      int nodeEnd = CellAggregator.gallop(keys, (long) (node + 1) << NODE_SHIFT, from + 1, size);
      for (; from < nodeEnd; from = Math.min(nodeEnd, from + PIECE)) {
        int to = Math.min(nodeEnd, from + PIECE);
        pieces.add(node, 0, from);
        for (int row = from; row < to; row++) {
          scratch[row - from] = (long) (sqfts[row] + 1) << 31 | (row - from);
        }
        Arrays.sort(scratch, 0, to - from);
        byId &= orderTiesById(scratch, to - from, ids, from, tie);
        for (int p = from; p < to; p++) {
          offsets[p] = (short) scratch[p - from];
        }
      }
    }
    tiesById = byId;
    pieceNode = Arrays.copyOf(pieces.node, pieces.count);
    pieceStart = pieces.starts(size);
    int blocks = size >>> BLOCK_BITS;
    sumX = new long[blocks + 1];
    sumY = new long[blocks + 1];
    sumPrice = new long[blocks + 1];
    priced = new int[blocks + 1];
    blockMin = new int[blocks];
    blockMax = new int[blocks];
    CellAccumulator block = new CellAccumulator();
    int piece = 0;
    for (int b = 0; b < blocks; b++) {
      block.reset();
      for (int p = b << BLOCK_BITS; p < (b + 1) << BLOCK_BITS; p++) {
        while (pieceStart[piece + 1] <= p) {
          piece++;
        }
        addRow(pieceStart[piece] + (offsets[p] & 0xFFFF), block);
      }
      sumX[b + 1] = sumX[b] + block.sumX;
      sumY[b + 1] = sumY[b] + block.sumY;
      sumPrice[b + 1] = sumPrice[b] + block.sumPrice;
      priced[b + 1] = priced[b] + (int) block.pricedRows;
      blockMin[b] = block.minPrice;
      blockMax[b] = block.maxPrice;
    }
  }

  /**
   * Orders each run of equal sqft in {@code scratch[0, n)}, sorted by (sqft, offset from
   * {@code first}), by id, so a sorted search can stop at the first (sqft, id) past its page instead
   * of reading every listing that ties at the page's last sqft (hundreds of thousands share a
   * rounded one). Returns false, leaving a run as it is, when its ids span too much to pack beside
   * the 16-bit offset.
   */
  private static boolean orderTiesById(long[] scratch, int n, RowIds ids, int first, long[] tie) {
    boolean ordered = true;
    for (int a = 0; a < n; ) {
      long value = scratch[a] >>> 31;
      int b = a + 1;
      while (b < n && scratch[b] >>> 31 == value) {
        b++;
      }
      if (b - a > 1) {
        ordered &= orderById(scratch, a, b, ids, first, tie);
      }
      a = b;
    }
    return ordered;
  }

  private static boolean orderById(long[] scratch, int a, int b, RowIds ids, int first, long[] tie) {
    long least = Long.MAX_VALUE;
    long greatest = Long.MIN_VALUE;
    for (int i = a; i < b; i++) {
      long id = ids.get(first + (int) (scratch[i] & 0xFFFF));
      least = Math.min(least, id);
      greatest = Math.max(greatest, id);
    }
    if (Long.compareUnsigned(greatest - least, 1L << 47) >= 0) {
      return false;
    }
    for (int i = a; i < b; i++) {
      long offset = scratch[i] & 0xFFFF;
      tie[i - a] = (ids.get(first + (int) offset) - least) << 16 | offset;
    }
    Arrays.sort(tie, 0, b - a);
    long value = scratch[a] >>> 31 << 31;
    for (int i = a; i < b; i++) {
      scratch[i] = value | (tie[i - a] & 0xFFFF);
    }
    return true;
  }

  /** Are equal sqfts of each piece in ascending id order? */
  boolean tiesById() {
    return tiesById;
  }

  /**
   * Hands {@code sink} each piece of the nodes at LEVEL {@code [nodeFrom, nodeTo)} with its positions
   * whose sqft lies in [low, high], {@code low ≥ 0} (NULL refused), ascending by (sqft, id) when
   * {@link #tiesById}; dead rows included. {@link #row} maps a position to its row.
   */
  void forEachRun(int nodeFrom, int nodeTo, long low, long high, RunSink sink) {
    for (int piece = firstPiece(nodeFrom); piece < pieceNode.length && pieceNode[piece] < nodeTo; piece++) {
      sink.accept(piece, first(piece, low), first(piece, high + 1));
    }
  }

  /**
   * Adds to {@code acc} the rows of the nodes at LEVEL {@code [nodeFrom, nodeTo)} (one cell) whose sqft
   * lies in [low, high], {@code low ≥ 0} (NULL refused), every row counted (dead ones too).
   */
  void addNodes(int nodeFrom, int nodeTo, int low, long high, CellAccumulator acc) {
    for (int piece = firstPiece(nodeFrom); piece < pieceNode.length && pieceNode[piece] < nodeTo; piece++) {
      int from = first(piece, low);
      add(piece, from, first(piece, high + 1), acc);
    }
  }

  /** How many rows of the nodes at LEVEL {@code [nodeFrom, nodeTo)} have a sqft in [low, high], {@code low ≥ 0}, dead ones too. */
  long count(int nodeFrom, int nodeTo, int low, long high) {
    long n = 0;
    for (int piece = firstPiece(nodeFrom); piece < pieceNode.length && pieceNode[piece] < nodeTo; piece++) {
      n += first(piece, high + 1) - first(piece, low);
    }
    return n;
  }

  /** The main row at a position of a piece. */
  int row(int piece, int position) {
    return pieceStart[piece] + (offsets[position] & 0xFFFF);
  }

  /** First position of the piece whose sqft is ≥ {@code value}. */
  private int first(int piece, long value) {
    int lo = pieceStart[piece];
    int hi = pieceStart[piece + 1];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sqfts[row(piece, mid)] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int firstPiece(int node) {
    int lo = 0;
    int hi = pieceNode.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (pieceNode[mid] < node) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Positions [from, to) of the piece: whole blocks from their sums and extremes, the ends row by row. */
  private void add(int piece, int from, int to, CellAccumulator acc) {
    if (from >= to) {
      return;
    }
    int firstBlock = (from + BLOCK - 1) >>> BLOCK_BITS;
    int lastBlock = to >>> BLOCK_BITS;
    if (firstBlock < lastBlock) {
      addRows(piece, from, firstBlock << BLOCK_BITS, acc);
      acc.count += (long) (lastBlock - firstBlock) << BLOCK_BITS;
      acc.sumX += sumX[lastBlock] - sumX[firstBlock];
      acc.sumY += sumY[lastBlock] - sumY[firstBlock];
      acc.sumPrice += sumPrice[lastBlock] - sumPrice[firstBlock];
      acc.pricedRows += priced[lastBlock] - priced[firstBlock];
      for (int b = firstBlock; b < lastBlock; b++) {
        acc.minPrice = Math.min(acc.minPrice, blockMin[b]);
        acc.maxPrice = Math.max(acc.maxPrice, blockMax[b]);
      }
      addRows(piece, lastBlock << BLOCK_BITS, to, acc);
    } else {
      addRows(piece, from, to, acc);
    }
    acc.lastRow = row(piece, to - 1);
  }

  private void addRows(int piece, int from, int to, CellAccumulator acc) {
    for (int p = from; p < to; p++) {
      addRow(row(piece, p), acc);
    }
  }

  private void addRow(int row, CellAccumulator acc) {
    acc.add(keys[row], prices[row], row);
  }

  long bytes() {
    return 2L * offsets.length + (8L * 3 + 4) * sumX.length + 8L * blockMin.length + 8L * pieceNode.length;
  }
}
