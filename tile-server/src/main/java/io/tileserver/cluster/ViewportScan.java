package io.tileserver.cluster;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Every live row of a snapshot inside a {@link ViewportBox} that passes a filter, handed to a
 * {@link Sink} a chunk at a time: the box's runs ({@link BoxCover}) over main and over the delta,
 * the filter's branch-free {@link ClusterFilter#select} on each chunk, dead main rows dropped, and
 * rows of edge runs tested against the box. Each sink sees rows of one part (main or delta) at a
 * time; allocation is one chunk buffer per scan.
 */
final class ViewportScan {
  /** Rows per chunk: small enough to stay in L1/L2 with the columns it touches. */
  static final int CHUNK = 4096;

  /** Receives matching rows; {@code rows[0..n)} are rows of {@code part}, {@code base} + row is the snapshot row. */
  interface Sink {
    void accept(ClusterIndex part, int[] rows, int n, int base);
  }

  private ViewportScan() {}

  /**
   * @param stop polled between chunks; when it says true the scan ends with a
   *     {@link CancellationException} (the request's deadline passed)
   */
  static void scan(ClusterSnapshot snapshot, ViewportBox box, ClusterFilter filter, BooleanSupplier stop, Sink sink) {
    if (filter.matchesNothing()) {
      return;
    }
    BoxCover cover = BoxCover.of(box);
    int[] rows = new int[CHUNK];
    for (int i = 0; i < cover.size(); i++) {
      if (stop.getAsBoolean()) {
        throw new CancellationException("viewport scan stopped at its deadline");
      }
      boolean tested = cover.tested(i);
      part(snapshot.main, snapshot.dead, cover.start(i), cover.end(i), tested, box, filter, stop, rows, 0, sink);
      if (snapshot.delta.size > 0) {
        part(snapshot.delta, Tombstones.NONE, cover.start(i), cover.end(i), tested, box, filter, stop, rows,
            snapshot.main.size, sink);
      }
    }
  }

  private static void part(ClusterIndex index, Tombstones dead, long startKey, long endKey, boolean tested,
      ViewportBox box, ClusterFilter filter, BooleanSupplier stop, int[] rows, int base, Sink sink) {
    rows(index, dead, index.firstRow(startKey), index.firstRow(endKey), tested, box, filter, stop, rows, base, sink);
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
