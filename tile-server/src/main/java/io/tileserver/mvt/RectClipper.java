package io.tileserver.mvt;

/**
 * Clips lines and rings, held as {@link PointBuffer}s in tile coordinates, to the square
 * {@code [min, max]²} (the tile extent plus its buffer).
 *
 * <p>Rings use Sutherland–Hodgman, one pass per tile edge, as geojson-vt and most tile encoders do:
 * it is linear in the ring size and allocation-free, and the collinear edges it may leave along the
 * clip border lie in the buffer, outside the visible tile. Lines use Liang–Barsky per segment and
 * split into several parts when they leave and re-enter the square. JTS overlay would be exact but
 * allocates a geometry graph per feature, which costs more than the whole encoding.
 */
final class RectClipper {
  private final double min;
  private final double max;
  private double t0;
  private double t1;

  RectClipper(double min, double max) {
    this.min = min;
    this.max = max;
  }

  /** Whether a bounding box lies entirely inside the clip square (no clipping needed). */
  boolean contains(double minX, double minY, double maxX, double maxY) {
    return minX >= min && minY >= min && maxX <= max && maxY <= max;
  }

  /** Whether a bounding box misses the clip square entirely (nothing survives clipping). */
  boolean disjoint(double minX, double minY, double maxX, double maxY) {
    return maxX < min || maxY < min || minX > max || minY > max;
  }

  boolean containsPoint(double x, double y) {
    return x >= min && x <= max && y >= min && y <= max;
  }

  /**
   * Clips the open ring in {@code ring} (closing point not repeated) in place, using {@code
   * scratch} as the second buffer of each pass.
   */
  void clipRing(PointBuffer ring, PointBuffer scratch) {
    clipEdge(ring, scratch, true, min, true);
    clipEdge(scratch, ring, true, max, false);
    clipEdge(ring, scratch, false, min, true);
    clipEdge(scratch, ring, false, max, false);
  }

  private static void clipEdge(
      PointBuffer in, PointBuffer out, boolean onX, double bound, boolean keepAbove) {
    out.clear();
    int n = in.size;
    if (n == 0) {
      return;
    }
    out.ensureCapacity(n * 2);
    double[] xs = in.xs;
    double[] ys = in.ys;
    double px = xs[n - 1];
    double py = ys[n - 1];
    boolean prevInside = inside(onX ? px : py, bound, keepAbove);
    for (int i = 0; i < n; i++) {
      double cx = xs[i];
      double cy = ys[i];
      boolean inside = inside(onX ? cx : cy, bound, keepAbove);
      if (inside != prevInside) {
        if (onX) {
          out.add(bound, py + (cy - py) * (bound - px) / (cx - px));
        } else {
          out.add(px + (cx - px) * (bound - py) / (cy - py), bound);
        }
      }
      if (inside) {
        out.add(cx, cy);
      }
      px = cx;
      py = cy;
      prevInside = inside;
    }
  }

  private static boolean inside(double value, double bound, boolean keepAbove) {
    return keepAbove ? value >= bound : value <= bound;
  }

  /**
   * Clips the line in {@code line} into {@code out}, recording where each surviving part starts in
   * {@code partStarts} (a part runs to the next start or to {@code out.size}).
   */
  void clipLine(PointBuffer line, PointBuffer out, IntList partStarts) {
    out.clear();
    partStarts.clear();
    boolean open = false;
    double[] xs = line.xs;
    double[] ys = line.ys;
    for (int i = 1; i < line.size; i++) {
      double x0 = xs[i - 1];
      double y0 = ys[i - 1];
      double dx = xs[i] - x0;
      double dy = ys[i] - y0;
      t0 = 0;
      t1 = 1;
      // Liang–Barsky: each tile edge narrows the parameter interval [t0, t1] of the segment.
      if (!narrow(-dx, x0 - min) || !narrow(dx, max - x0) || !narrow(-dy, y0 - min)
          || !narrow(dy, max - y0)) {
        open = false;
        continue;
      }
      if (!open || t0 > 0) {
        partStarts.add(out.size);
        out.add(x0 + t0 * dx, y0 + t0 * dy);
      }
      out.add(t1 == 1 ? xs[i] : x0 + t1 * dx, t1 == 1 ? ys[i] : y0 + t1 * dy);
      open = t1 == 1;
    }
  }

  /** One Liang–Barsky edge test; false when the segment lies wholly outside that edge. */
  private boolean narrow(double p, double q) {
    if (p == 0) {
      return q >= 0;
    }
    double t = q / p;
    if (p < 0) {
      t0 = Math.max(t0, t);
    } else {
      t1 = Math.min(t1, t);
    }
    return t0 <= t1;
  }
}
