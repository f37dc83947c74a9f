package io.tileserver.sample;

import io.tileserver.source.file.FeatureFiles;
import io.tileserver.source.file.FileSources;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Land of the contiguous United States: the state polygons of the packaged basemap (US Census
 * 1:10,000,000, data/README.md), so generated listings fall on land and not in the sea or the Great
 * Lakes. The generator asks once per listing (10M times for {@code load-sample}), so the answer
 * comes from a grid of quarter-degree cells classified once as land, water or coast; only a point in
 * a coast cell is located in the polygons of the states that cell touches (JTS's indexed locator).
 */
final class UsLand {
  private static final double WEST = -125.0;
  private static final double SOUTH = 24.0;
  private static final double EAST = -66.5;
  private static final double NORTH = 49.5;
  private static final double CELL = 0.25;
  private static final int COLUMNS = (int) Math.round((EAST - WEST) / CELL);
  private static final int ROWS = (int) Math.round((NORTH - SOUTH) / CELL);
  private static final byte WATER = 0;
  private static final byte LAND = 1;
  private static final byte COAST = 2;

  private final byte[] kinds = new byte[COLUMNS * ROWS];
  private final IndexedPointInAreaLocator[][] coastStates = new IndexedPointInAreaLocator[COLUMNS * ROWS][];

  /** Built once per JVM: reading and classifying takes a few hundred milliseconds. */
  private static final class Holder {
    static final UsLand INSTANCE = new UsLand(contiguousStates());
  }

  static UsLand get() {
    return Holder.INSTANCE;
  }

  private UsLand(List<Geometry> states) {
    GeometryFactory factory = new GeometryFactory();
    List<PreparedGeometry> prepared = states.stream().map(PreparedGeometryFactory::prepare).toList();
    List<IndexedPointInAreaLocator> locators = states.stream().map(IndexedPointInAreaLocator::new).toList();
    for (int row = 0; row < ROWS; row++) {
      for (int column = 0; column < COLUMNS; column++) {
        Envelope box = new Envelope(WEST + column * CELL, WEST + (column + 1) * CELL,
            SOUTH + row * CELL, SOUTH + (row + 1) * CELL);
        Geometry cell = factory.toGeometry(box);
        List<IndexedPointInAreaLocator> touching = new ArrayList<>();
        byte kind = WATER;
        for (int i = 0; i < states.size() && kind != LAND; i++) {
          if (!states.get(i).getEnvelopeInternal().intersects(box) || !prepared.get(i).intersects(cell)) {
            continue;
          }
          kind = prepared.get(i).covers(cell) ? LAND : COAST;
          touching.add(locators.get(i));
        }
        kinds[row * COLUMNS + column] = kind;
        if (kind == COAST) {
          coastStates[row * COLUMNS + column] = touching.toArray(IndexedPointInAreaLocator[]::new);
        }
      }
    }
  }

  /** Whether the point lies in (or on the edge of) a state of the contiguous US or DC. */
  boolean contains(double lon, double lat) {
    if (!(lon >= WEST && lon < EAST && lat >= SOUTH && lat < NORTH)) {
      return false;
    }
    int cell = (int) ((lat - SOUTH) / CELL) * COLUMNS + (int) ((lon - WEST) / CELL);
    return switch (kinds[cell]) {
      case LAND -> true;
      case WATER -> false;
      default -> onCoast(coastStates[cell], new Coordinate(lon, lat));
    };
  }

  private static boolean onCoast(IndexedPointInAreaLocator[] states, Coordinate point) {
    for (IndexedPointInAreaLocator state : states) {
      if (state.locate(point) != Location.EXTERIOR) {
        return true;
      }
    }
    return false;
  }

  /** The basemap's state polygons that reach into the contiguous US box (not Alaska, Hawaii or the territories). */
  static List<Geometry> contiguousStates() {
    Envelope contiguous = new Envelope(WEST, EAST, SOUTH, NORTH);
    List<Geometry> states = new ArrayList<>();
    FeatureFiles.readPackaged(FileSources.BASEMAP_RESOURCE, feature -> {
      if ("state".equals(feature.properties().get("kind"))
          && contiguous.intersects(feature.geometry().getEnvelopeInternal())) {
        states.add(feature.geometry());
      }
    });
    return states;
  }
}
