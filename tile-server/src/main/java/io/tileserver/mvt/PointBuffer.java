package io.tileserver.mvt;

import java.util.Arrays;

/**
 * Scratch storage for one ring or line as parallel {@code double} arrays in tile coordinates, so
 * transforming, clipping and simplifying a geometry creates no {@code Coordinate} objects. The
 * encoder keeps a few of these per layer and reuses them for every feature. Not thread-safe.
 */
final class PointBuffer {
  double[] xs;
  double[] ys;
  int size;

  PointBuffer(int initialCapacity) {
    xs = new double[Math.max(4, initialCapacity)];
    ys = new double[xs.length];
  }

  void clear() {
    size = 0;
  }

  void add(double x, double y) {
    if (size == xs.length) {
      grow(size + 1);
    }
    xs[size] = x;
    ys[size] = y;
    size++;
  }

  void ensureCapacity(int capacity) {
    if (capacity > xs.length) {
      grow(capacity);
    }
  }

  private void grow(int minCapacity) {
    int capacity = Math.max(xs.length * 2, minCapacity);
    xs = Arrays.copyOf(xs, capacity);
    ys = Arrays.copyOf(ys, capacity);
  }
}
