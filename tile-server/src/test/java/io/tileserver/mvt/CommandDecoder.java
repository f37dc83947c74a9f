package io.tileserver.mvt;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Turns a feature's command integers into a JTS geometry in tile coordinates, enforcing the command
 * grammar of spec 2.1 §4.3.4 for each geometry type. Counts are checked against the integers that
 * remain before anything is allocated, so a command claiming 2^29 points fails at once.
 * Coordinates accumulate in 32-bit arithmetic, so deltas that overflow wrap as in C decoders.
 */
final class CommandDecoder {
  private final GeometryFactory factory;
  private int[] commands;
  private int position;
  private int cursorX;
  private int cursorY;

  CommandDecoder(GeometryFactory factory) {
    this.factory = factory;
  }

  Geometry decode(int type, int[] geometry) {
    this.commands = geometry;
    this.position = 0;
    this.cursorX = 0;
    this.cursorY = 0;
    return switch (type) {
      case GeometryEncoder.POINT -> points();
      case GeometryEncoder.LINESTRING -> lines();
      case GeometryEncoder.POLYGON -> polygons();
      default -> throw new InvalidTileException("unknown geometry type " + type);
    };
  }

  private Geometry points() {
    int count = command(GeometryEncoder.MOVE_TO, "a POINT geometry is one MoveTo (§4.3.4.2)");
    if (count == 0) {
      throw new InvalidTileException("POINT MoveTo needs a count > 0 (§4.3.4.2)");
    }
    Point[] points = new Point[count];
    for (int i = 0; i < count; i++) {
      points[i] = factory.createPoint(next(false));
    }
    if (position != commands.length) {
      throw new InvalidTileException("a POINT geometry is one MoveTo command only (§4.3.4.2)");
    }
    return count == 1 ? points[0] : factory.createMultiPoint(points);
  }

  private Geometry lines() {
    List<LineString> lines = new ArrayList<>();
    while (position < commands.length) {
      lines.add(factory.createLineString(path(1, "LINESTRING", 4)));
    }
    if (lines.isEmpty()) {
      throw new InvalidTileException("LINESTRING geometry has no commands (§4.3.4.3)");
    }
    return lines.size() == 1
        ? lines.get(0)
        : factory.createMultiLineString(lines.toArray(LineString[]::new));
  }

  private Geometry polygons() {
    List<Polygon> polygons = new ArrayList<>();
    LinearRing exterior = null;
    List<LinearRing> holes = new ArrayList<>();
    while (position < commands.length) {
      Coordinate[] open = path(2, "POLYGON", 4);
      int close = command(GeometryEncoder.CLOSE_PATH, "a POLYGON ring ends with ClosePath");
      if (close != 1) {
        throw new InvalidTileException("ClosePath count must be 1, was " + close + " (§4.3.3.3)");
      }
      Coordinate[] closed = new Coordinate[open.length + 1];
      System.arraycopy(open, 0, closed, 0, open.length);
      closed[open.length] = open[0].copy();
      long area = doubledArea(open);
      if (area == 0) {
        throw new InvalidTileException("ring has zero area (§4.3.4.4)");
      }
      LinearRing ring = factory.createLinearRing(closed);
      if (area > 0) {
        if (exterior != null) {
          polygons.add(factory.createPolygon(exterior, holes.toArray(LinearRing[]::new)));
          holes.clear();
        }
        exterior = ring;
      } else if (exterior == null) {
        throw new InvalidTileException(
            "POLYGON starts with an interior (negative area) ring (§4.3.4.4)");
      } else {
        holes.add(ring);
      }
    }
    if (exterior == null) {
      throw new InvalidTileException("POLYGON geometry has no rings (§4.3.4.4)");
    }
    polygons.add(factory.createPolygon(exterior, holes.toArray(LinearRing[]::new)));
    return polygons.size() == 1
        ? polygons.get(0)
        : factory.createMultiPolygon(polygons.toArray(Polygon[]::new));
  }

  /** MoveTo(1) then LineTo(n ≥ minLineTo): one line or ring, without its closing point. */
  private Coordinate[] path(int minLineTo, String type, int section) {
    int move = command(GeometryEncoder.MOVE_TO, type + " parts start with MoveTo");
    if (move != 1) {
      throw new InvalidTileException(type + " MoveTo count must be 1, was " + move);
    }
    Coordinate start = next(false);
    int count = command(GeometryEncoder.LINE_TO, type + " MoveTo is followed by LineTo");
    if (count < minLineTo) {
      throw new InvalidTileException(
          type + " LineTo count must be >= " + minLineTo + ", was " + count + " (§4.3." + section
              + ")");
    }
    Coordinate[] coordinates = new Coordinate[count + 1];
    coordinates[0] = start;
    for (int i = 1; i <= count; i++) {
      coordinates[i] = next(true);
    }
    return coordinates;
  }

  /** Reads a command integer of the expected id and checks its parameters are present. */
  private int command(int expectedId, String rule) {
    if (position >= commands.length) {
      throw new InvalidTileException("geometry ends early: " + rule);
    }
    int value = commands[position++];
    int id = value & 0x7;
    int count = value >>> 3;
    if (id != expectedId) {
      throw new InvalidTileException("unexpected command id " + id + ": " + rule + " (§4.3.4)");
    }
    if (id != GeometryEncoder.CLOSE_PATH && (long) count * 2 > commands.length - position) {
      throw new InvalidTileException(
          "command count " + count + " needs " + 2L * count + " parameters, "
              + (commands.length - position) + " remain (§4.3.3)");
    }
    return count;
  }

  private Coordinate next(boolean lineTo) {
    int dx = zigzagDecode(commands[position++]);
    int dy = zigzagDecode(commands[position++]);
    if (lineTo && dx == 0 && dy == 0) {
      throw new InvalidTileException("LineTo with a zero-length segment (§4.3.3.2)");
    }
    cursorX += dx;
    cursorY += dy;
    return new Coordinate(cursorX, cursorY);
  }

  static int zigzagDecode(int value) {
    return (value >>> 1) ^ -(value & 1);
  }

  private static long doubledArea(Coordinate[] ring) {
    long sum = 0;
    Coordinate previous = ring[ring.length - 1];
    for (Coordinate c : ring) {
      sum += (long) previous.x * (long) c.y - (long) c.x * (long) previous.y;
      previous = c;
    }
    return sum;
  }
}
