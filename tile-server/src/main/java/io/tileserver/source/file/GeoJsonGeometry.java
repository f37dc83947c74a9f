package io.tileserver.source.file;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A GeoJSON geometry object (RFC 7946 §3.1) as a JTS geometry in longitude/latitude. Written here
 * rather than taken from jts-io's {@code GeoJsonReader}, which is not on the class path, parses
 * from a string through json-simple, and would mean a second JSON library beside Jackson, which
 * already hands us each feature as a tree. Rings left open are closed; anything else malformed is
 * an {@link IllegalArgumentException} saying what.
 */
final class GeoJsonGeometry {
  private final GeometryFactory factory;

  GeoJsonGeometry(GeometryFactory factory) {
    this.factory = factory;
  }

  Geometry read(JsonNode geometry) {
    if (geometry == null || !geometry.isObject()) {
      throw new IllegalArgumentException("geometry must be an object");
    }
    String type = geometry.path("type").asText("");
    if (type.equals("GeometryCollection")) {
      JsonNode members = geometry.path("geometries");
      require(members.isArray(), "a GeometryCollection needs a geometries array");
      Geometry[] parts = new Geometry[members.size()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = read(members.get(i));
      }
      return factory.createGeometryCollection(parts);
    }
    JsonNode c = geometry.path("coordinates");
    require(c.isArray(), type.isEmpty() ? "geometry has no type" : "a " + type + " needs a coordinates array");
    return switch (type) {
      case "Point" -> point(c);
      case "MultiPoint" -> factory.createMultiPoint(array(c, Point.class, this::point));
      case "LineString" -> line(c);
      case "MultiLineString" -> factory.createMultiLineString(array(c, LineString.class, this::line));
      case "Polygon" -> polygon(c);
      case "MultiPolygon" -> factory.createMultiPolygon(array(c, Polygon.class, this::polygon));
      default -> throw new IllegalArgumentException("unknown geometry type \"" + type + "\"");
    };
  }

  private Point point(JsonNode position) {
    return factory.createPoint(coordinate(position));
  }

  private LineString line(JsonNode positions) {
    require(positions.size() >= 2, "a LineString needs at least 2 positions, has " + positions.size());
    return factory.createLineString(coordinates(positions, false));
  }

  private Polygon polygon(JsonNode rings) {
    require(rings.size() >= 1, "a Polygon needs an outer ring");
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 0; i < holes.length; i++) {
      holes[i] = ring(rings.get(i + 1));
    }
    return factory.createPolygon(ring(rings.get(0)), holes);
  }

  private LinearRing ring(JsonNode positions) {
    require(positions.isArray(), "a ring must be an array of positions");
    Coordinate[] ring = coordinates(positions, true);
    require(ring.length >= 4, "a Polygon ring needs at least 4 positions, has " + positions.size());
    return factory.createLinearRing(ring);
  }

  private Coordinate[] coordinates(JsonNode positions, boolean close) {
    int n = positions.size();
    Coordinate first = n == 0 ? null : coordinate(positions.get(0));
    boolean open = close && n > 0 && !first.equals2D(coordinate(positions.get(n - 1)));
    Coordinate[] out = new Coordinate[open ? n + 1 : n];
    for (int i = 0; i < n; i++) {
      out[i] = coordinate(positions.get(i));
    }
    if (open) {
      out[n] = first.copy();
    }
    return out;
  }

  private static Coordinate coordinate(JsonNode position) {
    require(position.isArray() && position.size() >= 2 && position.get(0).isNumber() && position.get(1).isNumber(),
        "a position must be [longitude, latitude], was " + position);
    double lon = position.get(0).asDouble();
    double lat = position.get(1).asDouble();
    require(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90,
        "position " + position + " is outside [-180..180, -90..90]: the file must be in longitude/latitude (EPSG:4326)");
    return new Coordinate(lon, lat);
  }

  private interface Part<T> {
    T read(JsonNode node);
  }

  private static <T> T[] array(JsonNode items, Class<T> type, Part<T> part) {
    @SuppressWarnings("unchecked")
    T[] out = (T[]) java.lang.reflect.Array.newInstance(type, items.size());
    for (int i = 0; i < out.length; i++) {
      out[i] = part.read(items.get(i));
    }
    return out;
  }

  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(problem);
    }
  }
}
