package io.tileserver.cluster;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Every live row of a snapshot inside a {@link ViewportBox} that passes a filter, handed to a
 * {@link Sink} a chunk at a time: the box's runs ({@link BoxCover}) over main and over the delta,
 * the filter's branch-free {@link ClusterFilter#select} on each chunk, dead main rows dropped, and
 * rows of edge runs tested against the box. Each sink sees rows of one part (main or delta) at a
 * time; allocation is a chunk buffer for each thread and one for the delta. Without a filter, a
 * {@link BlockSink} gets the whole {@link BlockTallies} blocks of main's inner runs as blocks.
 */
final class ViewportScan {
  /** Rows per chunk: small enough to stay in L1/L2 with the columns it touches. */
  static final int CHUNK = 4096;

  /** Receives matching rows; {@code rows[0..n)} are rows of {@code part}, {@code base} + row is the snapshot row. */
  interface Sink {
    void accept(ClusterIndex part, int[] rows, int n, int base);
  }

  /** A sink that takes whole tallied blocks of main at once where every row of them is wanted. */
  interface BlockSink extends Sink {
    /**
     * Main's {@link BlockTallies} blocks {@code [from, to)}: every row lies in the box and passes the
     * filter, but those {@code dead} holds must be left out.
     */
    void acceptBlocks(ClusterIndex main, Tombstones dead, int from, int to);
  }

  /** Blocks handed over per call, so the deadline is polled between calls as between chunks. */
  private static final int BLOCKS_PER_CALL = 16;

  private ViewportScan() {}

  /**
   * @param stop polled between chunks; when it says true the scan ends with a
   *     {@link CancellationException} (the request's deadline passed)
   */
  static void scan(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, BooleanSupplier stop, Sink sink) {
    scan(snapshot, box, filter, stop, sink, null, ScanSplit.NONE);
  }

  /**
   * As {@link #scan(ClusterSnapshot, ViewportBox, ClusterFilter, BooleanSupplier, Sink)}, but when
   * {@code split} finds the box's main rows worth it, the second half of them goes to a sink from
   * {@code second} on the helper thread, and that sink is returned (else null); the rest (first half,
   * delta) goes to {@code sink}. Together the two see every matching row once.
   */
  static <S extends Sink> S scan(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, BooleanSupplier stop,
      Sink sink, Supplier<S> second, ScanSplit split) {
    if (filter.matchesNothing()) {
      return null;
    }
    BoxCover cover = BoxCover.of(box);
    ClusterIndex main = snapshot.main;
    int[] bounds = new int[2 * cover.size()];
    long total = 0;
    for (int i = 0; i < cover.size(); i++) {
      bounds[2 * i] = main.firstRow(cover.start(i));
      bounds[2 * i + 1] = main.firstRow(cover.end(i));
      total += bounds[2 * i + 1] - bounds[2 * i];
    }
    S other = null;
    if (second != null && split.worth(total)) {
      long half = total / 2;
      long all = total;
      S secondSink = second.get();
      split.both(() -> mainRows(snapshot, cover, bounds, 0, half, box, filter, stop, sink),
          () -> mainRows(snapshot, cover, bounds, half, all, box, filter, stop, secondSink));
      other = secondSink;
    } else {
      mainRows(snapshot, cover, bounds, 0, total, box, filter, stop, sink);
    }
    ClusterIndex delta = snapshot.delta;
    if (delta.size > 0) {
      int[] rows = new int[CHUNK];
      for (int i = 0; i < cover.size(); i++) {
        rows(delta, Tombstones.NONE, delta.firstRow(cover.start(i)), delta.firstRow(cover.end(i)), cover.tested(i), box,
            filter, stop, rows, main.size, sink);
      }
    }
    return other;
  }

  /**
   * The main rows of the cover's runs ({@code bounds}: start and end row of each) from the
   * {@code from}-th to before the {@code to}-th, counting along the runs in order.
   */
  private static void mainRows(ClusterSnapshot snapshot, BoxCover cover, int[] bounds, long from, long to,
      ViewportBox box, ClusterFilter filter, BooleanSupplier stop, Sink sink) {
    int[] rows = new int[CHUNK];
    long before = 0;
    for (int i = 0; i < cover.size() && before < to; i++) {
      int start = bounds[2 * i];
      int end = bounds[2 * i + 1];
      long after = before + end - start;
      if (after > from) {
        if (stop.getAsBoolean()) {
          throw new CancellationException("viewport scan stopped at its deadline");
        }
        int first = (int) (start + Math.max(0, from - before));
        int last = (int) (end - Math.max(0, after - to));
        if (!cover.tested(i) && filter.isEmpty() && sink instanceof BlockSink blocks) {
          byBlocks(snapshot, first, last, box, filter, stop, rows, blocks);
        } else {
          rows(snapshot.main, snapshot.dead, first, last, cover.tested(i), box, filter, stop, rows, 0, sink);
        }
      }
      before = after;
    }
  }

  /**
   * Main's rows {@code [start, end)} of a run inside the box, under an empty filter: whole tallied
   * blocks as blocks, the rows around them as rows.
   */
  private static void byBlocks(ClusterSnapshot snapshot, int start, int end, ViewportBox box, ClusterFilter filter,
      BooleanSupplier stop, int[] rows, BlockSink sink) {
    ClusterIndex main = snapshot.main;
    int first = (start + BlockTallies.BLOCK - 1) >>> BlockTallies.BLOCK_BITS;
    int last = Math.min(end >>> BlockTallies.BLOCK_BITS, main.tallies().blocks());
    if (first >= last) {
      rows(main, snapshot.dead, start, end, false, box, filter, stop, rows, 0, sink);
      return;
    }
    rows(main, snapshot.dead, start, first << BlockTallies.BLOCK_BITS, false, box, filter, stop, rows,
        0, sink);
    for (int b = first; b < last; b += BLOCKS_PER_CALL) {
      if (stop.getAsBoolean()) {
        throw new CancellationException("viewport scan stopped at its deadline");
      }
      sink.acceptBlocks(main, snapshot.dead, b, Math.min(last, b + BLOCKS_PER_CALL));
    }
    rows(main, snapshot.dead, last << BlockTallies.BLOCK_BITS, end, false, box, filter, stop, rows, 0,
        sink);
  }

  /**
   * The rows of {@code [start, end)} of one part that are live and pass the filter (and, when
   * {@code tested}, lie in the box), a chunk at a time into {@code rows} (at least {@link #CHUNK} long).
   */
  static void rows(ClusterIndex index, Tombstones dead, int start, int end, boolean tested, ViewportBox box,
      ClusterFilter filter, BooleanSupplier stop, int[] rows, int base, Sink sink) {
    for (int from = start; from < end; from += CHUNK) {
      int length = Math.min(CHUNK, end - from);
      int n = filter.select(index, from, length, rows);
      if (dead.count() > 0 && dead.anyIn(from, from + length)) {
        n = dead.keepLive(rows, n);
      }
      if (tested) {
        n = inside(index, box, rows, n);
      }
      if (n > 0) {
        sink.accept(index, rows, n, base);
      }
      if (length == CHUNK && stop.getAsBoolean()) {
        throw new CancellationException("viewport scan stopped at its deadline");
      }
    }
  }

  private static int inside(ClusterIndex index, ViewportBox box, int[] rows, int n) {
    long[] keys = index.keys;
    int kept = 0;
    for (int r = 0; r < n; r++) {
      int row = rows[r];
      rows[kept] = row;
      kept += box.contains(keys[row]) ? 1 : 0;
    }
    return kept;
  }
}
