package io.tileserver.source.file;

import io.tileserver.tile.Bounds;
import io.tileserver.tile.WebMercator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * A file's features in memory, projected once to Web Mercator metres and held in a JTS STRtree, so
 * a tile reads only the features whose envelope meets it. Also what TileJSON says of them: their
 * extent, their attribute types, and whether they are points, lines, polygons or a mix.
 */
final class FeatureIndex {
  /** A feature ready to encode; {@code order} is its place in the file, the order tiles keep. */
  record Indexed(int order, long id, Geometry geometry, Map<String, Object> properties) {}

  private final STRtree tree = new STRtree();
  private final Envelope lonLat = new Envelope();
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final List<String> geometryTypes = new ArrayList<>();
  private int size;

  void add(FileFeature feature) {
    Geometry geometry = feature.geometry();
    lonLat.expandToInclude(geometry.getEnvelopeInternal());
    Geometry projected = geometry.copy();
    projected.apply(TO_METRES);
    tree.insert(projected.getEnvelopeInternal(), new Indexed(size++, feature.id(), projected, feature.properties()));
    feature.properties().forEach((key, value) -> fields.merge(key, fieldType(value),
        (a, b) -> a.equals(b) ? a : "String"));
    String type = geometryType(geometry);
    if (!geometryTypes.contains(type)) {
      geometryTypes.add(type);
    }
  }

  /** Done adding: builds the tree (it takes no inserts afterwards). */
  FeatureIndex build() {
    tree.build();
    return this;
  }

  /** The features whose envelope meets {@code area} (metres), in file order. */
  List<Indexed> query(Envelope area) {
    @SuppressWarnings("unchecked")
    List<Indexed> hits = tree.query(area);
    hits.sort(Comparator.comparingInt(Indexed::order));
    return hits;
  }

  int size() {
    return size;
  }

  /** The features' extent, clamped to the Web Mercator world; null when there are none. */
  Bounds bounds() {
    if (lonLat.isNull()) {
      return null;
    }
    double max = WebMercator.MAX_LATITUDE;
    return new Bounds(lonLat.getMinX(), Math.max(-max, lonLat.getMinY()), lonLat.getMaxX(),
        Math.min(max, lonLat.getMaxY()));
  }

  /** Attribute name → Number, String or Boolean (String when a name holds several types). */
  Map<String, String> fields() {
    return fields;
  }

  /** point, line or polygon when every feature is one; mixed otherwise; none for an empty file. */
  String geometry() {
    return geometryTypes.isEmpty() ? "none" : geometryTypes.size() == 1 ? geometryTypes.get(0) : "mixed";
  }

  private static String fieldType(Object value) {
    return value instanceof Number ? "Number" : value instanceof Boolean ? "Boolean" : "String";
  }

  private static String geometryType(Geometry geometry) {
    return geometry instanceof Puntal ? "point" : geometry instanceof Lineal ? "line"
        : geometry instanceof Polygonal ? "polygon" : "mixed";
  }

  private static final CoordinateSequenceFilter TO_METRES = new CoordinateSequenceFilter() {
    @Override
    public void filter(CoordinateSequence seq, int i) {
      seq.setOrdinate(i, CoordinateSequence.X, WebMercator.metresX(seq.getX(i)));
      seq.setOrdinate(i, CoordinateSequence.Y, WebMercator.metresY(seq.getY(i)));
    }

    @Override
    public boolean isDone() {
      return false;
    }

    @Override
    public boolean isGeometryChanged() {
      return true;
    }
  };
}
