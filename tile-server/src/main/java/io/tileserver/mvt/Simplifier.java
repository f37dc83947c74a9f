package io.tileserver.mvt;

import java.util.Arrays;

/**
 * Douglas–Peucker simplification on a {@link PointBuffer}, in tile units and before quantization,
 * so a tolerance of 1 removes vertices that would not move the rendered line by more than one tile
 * unit. Works on primitive arrays with reusable scratch (an explicit stack instead of recursion and
 * a keep mask) because it runs for every line and ring of a layer. Not thread-safe.
 */
final class Simplifier {
  private final double toleranceSquared;
  private boolean[] keep = new boolean[64];
  private int[] stack = new int[64];

  Simplifier(double tolerance) {
    this.toleranceSquared = tolerance * tolerance;
  }

  /**
   * Simplifies the points {@code [from, to)} of {@code points} in place, keeping the first and last;
   * returns the new end index (the range shrinks, points after {@code to} are not moved).
   */
  int simplify(PointBuffer points, int from, int to) {
    int n = to - from;
    if (n < 3) {
      return to;
    }
    if (keep.length < n) {
      keep = new boolean[Math.max(n, keep.length * 2)];
    }
    Arrays.fill(keep, 0, n, false);
    keep[0] = true;
    keep[n - 1] = true;
    double[] xs = points.xs;
    double[] ys = points.ys;
    int top = push(0, 0);
    top = push(top, n - 1);
    while (top > 0) {
      int last = stack[--top];
      int first = stack[--top];
      double maxDistance = -1;
      int farthest = -1;
      for (int i = first + 1; i < last; i++) {
        double d =
            segmentDistanceSquared(
                xs[from + i], ys[from + i],
                xs[from + first], ys[from + first],
                xs[from + last], ys[from + last]);
        if (d > maxDistance) {
          maxDistance = d;
          farthest = i;
        }
      }
      if (farthest >= 0 && maxDistance > toleranceSquared) {
        keep[farthest] = true;
        top = push(top, first);
        top = push(top, farthest);
        top = push(top, farthest);
        top = push(top, last);
      }
    }
    int write = from;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        xs[write] = xs[from + i];
        ys[write] = ys[from + i];
        write++;
      }
    }
    return write;
  }

  private int push(int top, int value) {
    if (top == stack.length) {
      stack = Arrays.copyOf(stack, top * 2);
    }
    stack[top] = value;
    return top + 1;
  }

  static double segmentDistanceSquared(
      double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax;
    double dy = by - ay;
    double lengthSquared = dx * dx + dy * dy;
    double t = lengthSquared == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
    t = Math.max(0, Math.min(1, t));
    double ex = px - (ax + t * dx);
    double ey = py - (ay + t * dy);
    return ex * ex + ey * ey;
  }
}
