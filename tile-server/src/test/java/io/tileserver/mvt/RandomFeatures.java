package io.tileserver.mvt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Seeded random features in tile coordinates for the property and round-trip tests. Each geometry
 * is built on the integer grid first (so its expected quantized form is known and free of repeated
 * points and zero-area rings) and then jittered by less than half a unit, which rounding undoes.
 */
final class RandomFeatures {
  /** A feature as given to the encoder and the exact form we expect back. */
  record Sample(Geometry input, Geometry expected, Long id, Map<String, Object> attributes,
      Map<String, Object> expectedAttributes) {}

  private static final String[] KEYS = {"price", "beds", "baths", "type", "active", "ratio",
      "delta", "name", "score"};
  private static final String[] WORDS = {"house", "condo", "townhouse", "land", "ü-ñ 漢字", ""};

  private final Random random;
  private final GeometryFactory factory = new GeometryFactory();
  private final int min;
  private final int max;

  RandomFeatures(long seed, int min, int max) {
    this.random = new Random(seed);
    this.min = min;
    this.max = max;
  }

  Sample next() {
    Geometry[] pair = switch (random.nextInt(6)) {
      case 0 -> point();
      case 1 -> multi(this::point, 2 + random.nextInt(5), "MultiPoint");
      case 2 -> line();
      case 3 -> multi(this::line, 2 + random.nextInt(3), "MultiLineString");
      case 4 -> polygon();
      default -> multi(this::polygon, 2 + random.nextInt(2), "MultiPolygon");
    };
    Long id = random.nextInt(4) == 0 ? null : (long) random.nextInt(1 << 30);
    Map<String, Object> attributes = new LinkedHashMap<>();
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = random.nextInt(7); i > 0; i--) {
      String key = KEYS[random.nextInt(KEYS.length)];
      Object value = value();
      attributes.remove(key);
      expected.remove(key);
      attributes.put(key, value);
      if (value != null) {
        expected.put(key, value instanceof Integer n ? Long.valueOf(n) : value);
      }
    }
    return new Sample(pair[0], pair[1], id, attributes, expected);
  }

  private Object value() {
    return switch (random.nextInt(8)) {
      case 0 -> WORDS[random.nextInt(WORDS.length)];
      case 1 -> (long) random.nextInt(2_000_000);
      case 2 -> -1L - random.nextInt(1000);
      case 3 -> random.nextInt(10);
      case 4 -> random.nextFloat() * 10;
      case 5 -> random.nextDouble() * 1000 - 500;
      case 6 -> random.nextBoolean();
      default -> null;
    };
  }

  private int coordinate() {
    return min + random.nextInt(max - min + 1);
  }

  private double jitter(int value) {
    return value + (random.nextDouble() - 0.5) * 0.9;
  }

  private Geometry[] point() {
    Coordinate exact = new Coordinate(coordinate(), coordinate());
    Coordinate jittered = new Coordinate(jitter((int) exact.x), jitter((int) exact.y));
    return new Geometry[] {factory.createPoint(jittered), factory.createPoint(exact)};
  }

  private Geometry[] line() {
    int n = 2 + random.nextInt(12);
    Coordinate[] exact = new Coordinate[n];
    int x = coordinate();
    int y = coordinate();
    for (int i = 0; i < n; i++) {
      exact[i] = new Coordinate(x, y);
      int dx;
      int dy;
      do {
        dx = random.nextInt(41) - 20;
        dy = random.nextInt(41) - 20;
      } while (dx == 0 && dy == 0);
      x = Math.clamp(x + dx, min, max);
      y = Math.clamp(y + dy, min, max);
    }
    Coordinate[] deduplicated = withoutRepeats(exact);
    if (deduplicated.length < 2) {
      return line();
    }
    return new Geometry[] {factory.createLineString(jitter(deduplicated)),
        factory.createLineString(deduplicated)};
  }

  private Geometry[] polygon() {
    int cx = Math.clamp(coordinate(), min + 100, max - 100);
    int cy = Math.clamp(coordinate(), min + 100, max - 100);
    LinearRing shell = star(cx, cy, 40, 90);
    if (shell == null) {
      return polygon();
    }
    List<LinearRing> holes = new ArrayList<>();
    if (random.nextBoolean()) {
      LinearRing hole = star(cx, cy, 5, 15);
      if (hole != null) {
        holes.add(hole);
      }
    }
    Polygon exact = factory.createPolygon(shell, holes.toArray(LinearRing[]::new));
    if (!exact.isValid()) {
      // Rounding a star to the grid can fold it; keep to valid polygons, whose orientation is
      // well defined for the comparison.
      return polygon();
    }
    LinearRing[] jitteredHoles = holes.stream()
        .map(h -> factory.createLinearRing(closeRing(jitter(open(h)))))
        .toArray(LinearRing[]::new);
    Polygon jittered = factory.createPolygon(
        factory.createLinearRing(closeRing(jitter(open(shell)))), jitteredHoles);
    return new Geometry[] {jittered, exact};
  }

  /** A star-shaped ring around (cx, cy) on the integer grid, or null if it came out degenerate. */
  private LinearRing star(int cx, int cy, int minRadius, int maxRadius) {
    int n = 3 + random.nextInt(10);
    double[] angles = new double[n];
    for (int i = 0; i < n; i++) {
      angles[i] = random.nextDouble() * 2 * Math.PI;
    }
    Arrays.sort(angles);
    Coordinate[] points = new Coordinate[n];
    for (int i = 0; i < n; i++) {
      double r = minRadius + random.nextDouble() * (maxRadius - minRadius);
      points[i] = new Coordinate(Math.round(cx + r * Math.cos(angles[i])),
          Math.round(cy + r * Math.sin(angles[i])));
    }
    Coordinate[] ring = withoutRepeats(points);
    while (ring.length > 1 && ring[ring.length - 1].equals2D(ring[0])) {
      ring = Arrays.copyOf(ring, ring.length - 1);
    }
    if (ring.length < 3 || area(ring) == 0) {
      return null;
    }
    return factory.createLinearRing(closeRing(ring));
  }

  private Geometry[] multi(Supplier<Geometry[]> part, int count, String type) {
    Geometry[] inputs = new Geometry[count];
    Geometry[] exacts = new Geometry[count];
    for (int i = 0; i < count; i++) {
      Geometry[] pair = part.get();
      inputs[i] = pair[0];
      exacts[i] = pair[1];
    }
    return switch (type) {
      case "MultiPoint" -> new Geometry[] {
          factory.createMultiPoint(Arrays.copyOf(inputs, count, Point[].class)),
          factory.createMultiPoint(Arrays.copyOf(exacts, count, Point[].class))};
      case "MultiLineString" -> new Geometry[] {
          factory.createMultiLineString(Arrays.copyOf(inputs, count, LineString[].class)),
          factory.createMultiLineString(Arrays.copyOf(exacts, count, LineString[].class))};
      default -> new Geometry[] {
          factory.createMultiPolygon(Arrays.copyOf(inputs, count, Polygon[].class)),
          factory.createMultiPolygon(Arrays.copyOf(exacts, count, Polygon[].class))};
    };
  }

  private Coordinate[] jitter(Coordinate[] exact) {
    return Arrays.stream(exact)
        .map(c -> new Coordinate(jitter((int) c.x), jitter((int) c.y)))
        .toArray(Coordinate[]::new);
  }

  private static Coordinate[] open(LinearRing ring) {
    Coordinate[] closed = ring.getCoordinates();
    return Arrays.copyOf(closed, closed.length - 1);
  }

  private static Coordinate[] closeRing(Coordinate[] open) {
    Coordinate[] closed = Arrays.copyOf(open, open.length + 1);
    closed[open.length] = open[0].copy();
    return closed;
  }

  private static Coordinate[] withoutRepeats(Coordinate[] points) {
    List<Coordinate> kept = new ArrayList<>();
    for (Coordinate c : points) {
      if (kept.isEmpty() || !kept.getLast().equals2D(c)) {
        kept.add(c);
      }
    }
    return kept.toArray(Coordinate[]::new);
  }

  private static double area(Coordinate[] ring) {
    double sum = 0;
    for (int i = 0; i < ring.length; i++) {
      Coordinate a = ring[i];
      Coordinate b = ring[(i + 1) % ring.length];
      sum += a.x * b.y - b.x * a.y;
    }
    return sum;
  }
}
