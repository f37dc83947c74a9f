package io.tileserver.mvt;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Turns one JTS geometry into the command integers of a feature's {@code geometry} field (spec 2.1
 * §4.3): transform to tile coordinates, clip to the tile plus buffer, simplify, round to integers,
 * then write {@code MoveTo}/{@code LineTo}/{@code ClosePath} commands with zigzag deltas from a
 * cursor that starts at (0,0) for each feature (§4.3.1–§4.3.3).
 *
 * <p>What it guarantees, so decoders never see what the spec forbids:
 *
 * <ul>
 *   <li>consecutive repeated points are dropped after rounding, since a {@code LineTo} with
 *       {@code (0,0)} is invalid (§4.3.3.2);
 *   <li>rings are closed implicitly by {@code ClosePath}: the closing vertex is not repeated
 *       (§4.3.4.4);
 *   <li>lines left with fewer than 2 distinct points and rings with fewer than 3 or zero area are
 *       dropped; a polygon whose exterior is dropped loses its holes too;
 *   <li>exterior rings get positive surveyor's area in tile coordinates (clockwise with y down) and
 *       holes negative area (§4.3.4.4), reversing the input ring where needed.
 * </ul>
 *
 * <p>All work happens on reusable primitive buffers: no object is allocated per coordinate. One
 * instance serves one layer and is not thread-safe.
 */
final class GeometryEncoder {
  /** Geometry types of spec §4.3.4, as written in a feature's {@code type} field. */
  static final int UNKNOWN = 0;

  static final int POINT = 1;
  static final int LINESTRING = 2;
  static final int POLYGON = 3;

  static final int MOVE_TO = 1;
  static final int LINE_TO = 2;
  static final int CLOSE_PATH = 7;

  private final TileTransform transform;
  private final RectClipper clipper;
  private final Simplifier simplifier;

  private final PointBuffer points = new PointBuffer(256);
  private final PointBuffer scratch = new PointBuffer(256);
  private final IntList partStarts = new IntList(16);
  private int[] qx = new int[256];
  private int[] qy = new int[256];

  private IntList out;
  private int cursorX;
  private int cursorY;
  private double minX;
  private double minY;
  private double maxX;
  private double maxY;

  GeometryEncoder(LayerOptions options, TileTransform transform) {
    this.transform = transform;
    this.clipper =
        options.clip() ? new RectClipper(-options.buffer(), options.extent() + options.buffer())
            : null;
    this.simplifier =
        options.simplifyTolerance() > 0 ? new Simplifier(options.simplifyTolerance()) : null;
  }

  /** Command integer (§4.3.1): command id in the low 3 bits, repeat count above them. */
  static int command(int id, int count) {
    return (id & 0x7) | (count << 3);
  }

  /**
   * Encodes {@code geometry} into {@code commands} (cleared first) and returns its §4.3.4 type, or
   * {@link #UNKNOWN} when nothing is left to draw (empty, clipped away or degenerate).
   *
   * @throws IllegalArgumentException for a heterogeneous {@code GeometryCollection}, which MVT
   *     cannot represent in one feature (§4.3.4)
   */
  int encode(Geometry geometry, IntList commands) {
    commands.clear();
    out = commands;
    cursorX = 0;
    cursorY = 0;
    if (geometry.isEmpty()) {
      return UNKNOWN;
    }
    // Point first: it is the common case for listing and cluster tiles.
    if (geometry instanceof Point || geometry instanceof MultiPoint) {
      return encodePoints(geometry);
    } else if (geometry instanceof LineString || geometry instanceof MultiLineString) {
      return encodeLines(geometry);
    } else if (geometry instanceof Polygon || geometry instanceof MultiPolygon) {
      return encodePolygons(geometry);
    }
    throw new IllegalArgumentException(
        "expected a Point, LineString or Polygon (or their Multi* forms), got "
            + geometry.getGeometryType()
            + "; add the parts of a collection as separate features");
  }

  private int encodePoints(Geometry geometry) {
    int header = out.size();
    out.add(0);
    int count = 0;
    for (int i = 0, n = geometry.getNumGeometries(); i < n; i++) {
      CoordinateSequence seq = ((Point) geometry.getGeometryN(i)).getCoordinateSequence();
      if (seq.size() == 0) {
        continue;
      }
      double x = tx(seq.getX(0));
      double y = ty(seq.getY(0));
      if (clipper != null && !clipper.containsPoint(x, y)) {
        continue;
      }
      int ix = (int) Math.round(x);
      int iy = (int) Math.round(y);
      out.add(ProtobufWriter.zigzag(ix - cursorX), ProtobufWriter.zigzag(iy - cursorY));
      cursorX = ix;
      cursorY = iy;
      count++;
    }
    if (count == 0) {
      out.truncate(header);
      return UNKNOWN;
    }
    out.set(header, command(MOVE_TO, count));
    return POINT;
  }

  private int encodeLines(Geometry geometry) {
    for (int i = 0, n = geometry.getNumGeometries(); i < n; i++) {
      LineString line = (LineString) geometry.getGeometryN(i);
      readSequence(line.getCoordinateSequence(), points, false);
      if (clipper == null || clipper.contains(minX, minY, maxX, maxY)) {
        writeLine(points, 0, points.size);
      } else if (!clipper.disjoint(minX, minY, maxX, maxY)) {
        clipper.clipLine(points, scratch, partStarts);
        int parts = partStarts.size();
        for (int p = 0; p < parts; p++) {
          int end = p + 1 < parts ? partStarts.get(p + 1) : scratch.size;
          writeLine(scratch, partStarts.get(p), end);
        }
      }
    }
    return out.size() > 0 ? LINESTRING : UNKNOWN;
  }

  private void writeLine(PointBuffer line, int from, int to) {
    if (simplifier != null) {
      to = simplifier.simplify(line, from, to);
    }
    int n = quantize(line, from, to);
    if (n < 2) {
      return;
    }
    out.add(command(MOVE_TO, 1));
    writeDelta(qx[0], qy[0]);
    out.add(command(LINE_TO, n - 1));
    for (int i = 1; i < n; i++) {
      writeDelta(qx[i], qy[i]);
    }
  }

  private int encodePolygons(Geometry geometry) {
    for (int i = 0, n = geometry.getNumGeometries(); i < n; i++) {
      Polygon polygon = (Polygon) geometry.getGeometryN(i);
      if (polygon.isEmpty() || !writeRing(polygon.getExteriorRing().getCoordinateSequence(), true)) {
        continue;
      }
      for (int h = 0, holes = polygon.getNumInteriorRing(); h < holes; h++) {
        writeRing(polygon.getInteriorRingN(h).getCoordinateSequence(), false);
      }
    }
    return out.size() > 0 ? POLYGON : UNKNOWN;
  }

  private boolean writeRing(CoordinateSequence sequence, boolean exterior) {
    readSequence(sequence, points, true);
    if (clipper != null && !clipper.contains(minX, minY, maxX, maxY)) {
      if (clipper.disjoint(minX, minY, maxX, maxY)) {
        return false;
      }
      clipper.clipRing(points, scratch);
    }
    int end = simplifier != null ? simplifier.simplify(points, 0, points.size) : points.size;
    int n = quantize(points, 0, end);
    // The ring is implicitly closed: drop trailing vertices that round onto the first one.
    while (n > 1 && qx[n - 1] == qx[0] && qy[n - 1] == qy[0]) {
      n--;
    }
    if (n < 3) {
      return false;
    }
    long area = doubledArea(n);
    if (area == 0) {
      return false;
    }
    boolean reverse = exterior ? area < 0 : area > 0;
    out.add(command(MOVE_TO, 1));
    writeDelta(qx[0], qy[0]);
    out.add(command(LINE_TO, n - 1));
    if (reverse) {
      for (int i = n - 1; i >= 1; i--) {
        writeDelta(qx[i], qy[i]);
      }
    } else {
      for (int i = 1; i < n; i++) {
        writeDelta(qx[i], qy[i]);
      }
    }
    out.add(command(CLOSE_PATH, 1));
    return true;
  }

  /** Twice the surveyor's-formula area in tile coordinates: positive means clockwise, y down. */
  private long doubledArea(int n) {
    long sum = 0;
    int px = qx[n - 1];
    int py = qy[n - 1];
    for (int i = 0; i < n; i++) {
      sum += (long) px * qy[i] - (long) qx[i] * py;
      px = qx[i];
      py = qy[i];
    }
    return sum;
  }

  private void writeDelta(int x, int y) {
    out.add(ProtobufWriter.zigzag(x - cursorX), ProtobufWriter.zigzag(y - cursorY));
    cursorX = x;
    cursorY = y;
  }

  /**
   * Rounds {@code [from, to)} to integers into {@code qx/qy}, dropping consecutive repeats; returns
   * the number of points kept.
   */
  private int quantize(PointBuffer buffer, int from, int to) {
    int capacity = to - from;
    if (qx.length < capacity) {
      qx = new int[Math.max(capacity, qx.length * 2)];
      qy = new int[qx.length];
    }
    double[] xs = buffer.xs;
    double[] ys = buffer.ys;
    int n = 0;
    for (int i = from; i < to; i++) {
      int x = (int) Math.round(xs[i]);
      int y = (int) Math.round(ys[i]);
      if (n == 0 || x != qx[n - 1] || y != qy[n - 1]) {
        qx[n] = x;
        qy[n] = y;
        n++;
      }
    }
    return n;
  }

  /** Transforms a sequence into {@code buffer} and records its bounding box in tile coordinates. */
  private void readSequence(CoordinateSequence seq, PointBuffer buffer, boolean ring) {
    int n = seq.size();
    if (ring && n > 1 && seq.getX(0) == seq.getX(n - 1) && seq.getY(0) == seq.getY(n - 1)) {
      n--;
    }
    buffer.clear();
    buffer.ensureCapacity(n);
    double[] xs = buffer.xs;
    double[] ys = buffer.ys;
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double x = tx(seq.getX(i));
      double y = ty(seq.getY(i));
      xs[i] = x;
      ys[i] = y;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    buffer.size = n;
    minX = x0;
    minY = y0;
    maxX = x1;
    maxY = y1;
  }

  private double tx(double x) {
    return (x - transform.originX()) * transform.scaleX();
  }

  private double ty(double y) {
    return (y - transform.originY()) * transform.scaleY();
  }
}
