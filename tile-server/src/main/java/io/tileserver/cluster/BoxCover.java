package io.tileserver.cluster;

import java.util.Arrays;

/**
 * A {@link ViewportBox} as runs of the Morton key (each rectangle's in key order): quadtree nodes wholly inside are
 * runs whose rows need no position test; nodes crossing the box's edge are split down to
 * {@link #EDGE_DEPTH} zooms below the box's own size and then become runs whose rows are tested.
 * That keeps a box to a few hundred runs (two binary searches each) while the tested rows are a thin
 * band along its edge.
 */
final class BoxCover {
  /** Zooms below the box's size at which edge nodes stop splitting: a band 1/32 of the box wide. */
  static final int EDGE_DEPTH = 5;
  private static final int NODE_SHIFT = MortonKey.shift(LowZoomOrder.LEVEL);

  private long[] starts = new long[64];
  private long[] ends = new long[64];
  private boolean[] tested = new boolean[64];
  private int size;

  static BoxCover of(ViewportBox box) {
    BoxCover cover = new BoxCover();
    for (int r = 0; r < box.rectangles(); r++) {
      int x0 = box.minX[r];
      int x1 = box.maxX[r];
      long span = Math.max((long) x1 - x0, (long) box.maxY - box.minY) + 1;
      int boxZoom = MortonKey.BITS - (64 - Long.numberOfLeadingZeros(span - 1));
      int limit = Math.min(MortonKey.MAX_ZOOM, Math.max(0, boxZoom) + EDGE_DEPTH);
      cover.add(0, 0, 0, x0, x1, box.minY, box.maxY, limit);
    }
    return cover;
  }

  private void add(int zoom, long nx, long ny, int x0, int x1, int y0, int y1, int limit) {
    int shift = MortonKey.BITS - zoom;
    long left = nx << shift;
    long right = ((nx + 1) << shift) - 1;
    long top = ny << shift;
    long bottom = ((ny + 1) << shift) - 1;
    if (right < x0 || left > x1 || bottom < y0 || top > y1) {
      return;
    }
    boolean inside = left >= x0 && right <= x1 && top >= y0 && bottom <= y1;
    if (!inside && zoom < limit) {
      // Children in Morton order (X is the low bit), so runs come out sorted by key.
      for (int child = 0; child < 4; child++) {
        add(zoom + 1, 2 * nx + (child & 1), 2 * ny + (child >> 1), x0, x1, y0, y1, limit);
      }
      return;
    }
    long node = MortonKey.interleave(nx, ny);
    append(MortonKey.rangeStart(node, zoom), MortonKey.rangeEnd(node, zoom), !inside);
  }

  private void append(long start, long end, boolean test) {
    if (size > 0 && ends[size - 1] == start && tested[size - 1] == test) {
      ends[size - 1] = end;
      return;
    }
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      tested = Arrays.copyOf(tested, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    tested[size] = test;
    size++;
  }

  int size() {
    return size;
  }

  long start(int i) {
    return starts[i];
  }

  /** Exclusive. */
  long end(int i) {
    return ends[i];
  }

  /**
   * The first of the nodes at zoom {@value LowZoomOrder#LEVEL} wholly within run {@code i}, as their
   * Morton code at that zoom; with {@link #endWholeNode}, none when it is not below the end.
   */
  long firstWholeNode(int i) {
    return (starts[i] + (1L << NODE_SHIFT) - 1) >>> NODE_SHIFT;
  }

  /** One past the last node at zoom {@value LowZoomOrder#LEVEL} wholly within run {@code i}. */
  long endWholeNode(int i) {
    return ends[i] >>> NODE_SHIFT;
  }

  /** The first key of a node at zoom {@value LowZoomOrder#LEVEL}. */
  static long nodeStart(long node) {
    return node << NODE_SHIFT;
  }

  /** Must each row of the run be tested against the box? */
  boolean tested(int i) {
    return tested[i];
  }
}
