package io.tileserver.bench;

import io.tileserver.tile.WebMercator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * One benchmark tile: features with their geometry both in tile coordinates (0..4096, y down) and
 * in EPSG:3857 for the tile's bounds, and attributes as parallel columns (how a source holds them)
 * plus the same attributes as one {@code Map} per feature (the reference encoder's input model).
 *
 * <p>The data are seeded and synthetic, shaped like the project's tiles: a dense z14 listing tile,
 * a cluster tile, ZIP-like polygons with holes and short street segments.
 */
record BenchTile(
    String name,
    Envelope bounds,
    Geometry[] tileGeometries,
    Geometry[] mercatorGeometries,
    String[] keys,
    Object[][] columns) {
  static final int EXTENT = 4096;
  private static final GeometryFactory FACTORY = new GeometryFactory();
  private static final String[] TYPES = {"house", "condo", "townhouse", "multi_family"};
  private static final String[] STATUSES = {"active", "pending", "sold"};
  private static final String[] ROAD_CLASSES = {"residential", "service", "tertiary", "primary"};

  int size() {
    return tileGeometries.length;
  }

  /** (a) 5,000 listing points with 6 attributes in z14 tile 2624/5720 (central Seattle). */
  static BenchTile listings() {
    Random random = new Random(1);
    int n = 5000;
    Geometry[] points = new Geometry[n];
    Object[][] columns = new Object[7][n];
    for (int i = 0; i < n; i++) {
      points[i] = FACTORY.createPoint(new Coordinate(random.nextDouble() * EXTENT,
          random.nextDouble() * EXTENT));
      columns[0][i] = 10_000_000L + i;
      columns[1][i] = 250_000L + 1_000L * random.nextInt(2_500);
      columns[2][i] = (long) (1 + random.nextInt(6));
      columns[3][i] = 1 + random.nextInt(15) * 0.25;
      columns[4][i] = (long) (500 + random.nextInt(5_500));
      columns[5][i] = TYPES[random.nextInt(TYPES.length)];
      columns[6][i] = STATUSES[random.nextInt(STATUSES.length)];
    }
    return of("listings", 14, 2624, 5720, points,
        new String[] {"id", "price", "beds", "baths", "sqft", "type", "status"}, columns);
  }

  /** (b) 500 clusters with MapLibre's cluster attributes and price aggregates. */
  static BenchTile clusters() {
    Random random = new Random(2);
    int n = 500;
    Geometry[] points = new Geometry[n];
    Object[][] columns = new Object[8][n];
    for (int i = 0; i < n; i++) {
      points[i] = FACTORY.createPoint(new Coordinate(random.nextDouble() * EXTENT,
          random.nextDouble() * EXTENT));
      long count = 2 + random.nextInt(20_000);
      long min = 100_000L + 1_000L * random.nextInt(300);
      long max = min + 1_000L * random.nextInt(5_000);
      columns[0][i] = (long) i;
      columns[1][i] = Boolean.TRUE;
      columns[2][i] = 1_000_000L + i;
      columns[3][i] = count;
      columns[4][i] = count >= 1000 ? (count / 100) / 10.0 + "k" : Long.toString(count);
      columns[5][i] = min;
      columns[6][i] = min + (max - min) * random.nextDouble();
      columns[7][i] = max;
    }
    return of("clusters", 10, 164, 357, points, new String[] {"id", "cluster", "cluster_id",
        "point_count", "point_count_abbreviated", "price_min", "price_avg", "price_max"}, columns);
  }

  /** (c) 200 ZIP-like polygons with one or two holes, some crossing the tile edge. */
  static BenchTile polygons() {
    Random random = new Random(3);
    int n = 200;
    Geometry[] polygons = new Geometry[n];
    Object[][] columns = new Object[4][n];
    for (int i = 0; i < n; i++) {
      double cx = -200 + random.nextDouble() * (EXTENT + 400);
      double cy = -200 + random.nextDouble() * (EXTENT + 400);
      LinearRing shell = star(random, cx, cy, 120, 260, 64, false);
      LinearRing[] holes = new LinearRing[1 + random.nextInt(2)];
      for (int h = 0; h < holes.length; h++) {
        double hx = cx + (h == 0 ? -45 : 45);
        holes[h] = star(random, hx, cy, 15, 35, 16, true);
      }
      polygons[i] = FACTORY.createPolygon(shell, holes);
      columns[0][i] = 98_000L + i;
      columns[1][i] = "98" + (100 + i);
      columns[2][i] = "King";
      columns[3][i] = random.nextDouble() * 1e8;
    }
    return of("zips", 12, 656, 1430, polygons,
        new String[] {"id", "zip", "county", "shape_area"}, columns);
  }

  /** (d) 2,000 short street segments of 4 to 10 vertices. */
  static BenchTile lines() {
    Random random = new Random(4);
    int n = 2000;
    Geometry[] lines = new Geometry[n];
    Object[][] columns = new Object[4][n];
    for (int i = 0; i < n; i++) {
      int vertices = 4 + random.nextInt(7);
      Coordinate[] coordinates = new Coordinate[vertices];
      double x = random.nextDouble() * EXTENT;
      double y = random.nextDouble() * EXTENT;
      double heading = random.nextDouble() * 2 * Math.PI;
      for (int v = 0; v < vertices; v++) {
        coordinates[v] = new Coordinate(x, y);
        heading += (random.nextDouble() - 0.5) * 0.6;
        double step = 15 + random.nextDouble() * 40;
        x += step * Math.cos(heading);
        y += step * Math.sin(heading);
      }
      lines[i] = FACTORY.createLineString(coordinates);
      columns[0][i] = 500_000L + i;
      columns[1][i] = ROAD_CLASSES[random.nextInt(ROAD_CLASSES.length)];
      columns[2][i] = random.nextInt(5) == 0;
      columns[3][i] = "Street " + random.nextInt(400);
    }
    return of("streets", 15, 5248, 11441, lines,
        new String[] {"id", "class", "oneway", "name"}, columns);
  }

  private static LinearRing star(Random random, double cx, double cy, double rMin, double rMax,
      int vertices, boolean counterClockwise) {
    Coordinate[] ring = new Coordinate[vertices + 1];
    for (int v = 0; v < vertices; v++) {
      double angle = 2 * Math.PI * v / vertices * (counterClockwise ? -1 : 1);
      double r = rMin + random.nextDouble() * (rMax - rMin);
      ring[v] = new Coordinate(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
    }
    ring[vertices] = ring[0].copy();
    return FACTORY.createLinearRing(ring);
  }

  private static BenchTile of(String name, int z, int x, int y, Geometry[] tileGeometries,
      String[] keys, Object[][] columns) {
    // Whole tile units, so that in the tile-coordinate runs both encoders write identical
    // geometry (the reference does not round fractional input the way we do).
    for (Geometry g : tileGeometries) {
      g.apply(new CoordinateFilter() {
        @Override
        public void filter(Coordinate c) {
          c.x = Math.round(c.x);
          c.y = Math.round(c.y);
        }
      });
      g.geometryChanged();
    }
    Envelope bounds = WebMercator.tileBounds(z, x, y);
    // Tile coordinates back to EPSG:3857: the inverse of what both encoders apply.
    AffineTransformation toMercator = new AffineTransformation()
        .scale(bounds.getWidth() / EXTENT, -bounds.getHeight() / EXTENT)
        .translate(bounds.getMinX(), bounds.getMaxY());
    List<Geometry> mercator = new ArrayList<>();
    for (Geometry g : tileGeometries) {
      mercator.add(toMercator.transform(g));
    }
    return new BenchTile(name, bounds, tileGeometries, mercator.toArray(Geometry[]::new), keys,
        columns);
  }
}
