package io.tileserver.source.postgis;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.tileserver.config.DatabaseUrl;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * What a table source's tile must hold, worked out row by row by PostGIS without the server's tile
 * SQL (no envelope test, no ST_AsMVT): every row whose geometry {@code ST_AsMVTGeom} keeps in the
 * tile (extent 4096, buffer 64, clipped) is one feature, with the id column's value as its id (no
 * id without an id column), that geometry, and each non-null column but the geometries and the id
 * column as an attribute of the MVT type that column type maps to (its text for the types MVT lacks). A served tile, decoded by the
 * reference decoder, is put in the same text form (one line per feature: id, normalized WKT,
 * attributes with their decoded Java type), so a wrong geometry, attribute, type, id, a lost or an
 * extra feature each show as a differing line.
 */
final class TableTileOracle {
  /**
   * How a column's value decodes from an MVT tile, by type (AttributeColumn's mapping); any other
   * type but a spatial one is served as its text.
   */
  private static final Map<String, Function<String, Object>> DECODED = new HashMap<>();
  private static final Set<String> SPATIAL = Set.of("geometry", "geography", "raster", "box2d", "box3d");

  static {
    for (String integer : List.of("int2", "int4", "int8")) {
      DECODED.put(integer, Long::valueOf);
    }
    DECODED.put("float4", Float::valueOf);
    DECODED.put("float8", Double::valueOf);
    DECODED.put("numeric", Double::valueOf);
    for (String text : List.of("text", "varchar", "bpchar", "name", "citext", "json", "jsonb")) {
      DECODED.put(text, value -> value);
    }
    DECODED.put("bool", Boolean::valueOf);
  }

  private TableTileOracle() {}

  /**
   * The features of tile z/x/y of the relation {@code from} (quoted SQL), sorted; columns by name.
   *
   * @param idColumn the feature-id column, or null for features without ids
   */
  static List<String> expected(DatabaseUrl db, String from, String geometryColumn, String idColumn, int z, int x,
      int y) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        Statement st = c.createStatement()) {
      Map<String, String> types = new HashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t"
          + " ON t.oid = a.atttypid WHERE a.attrelid = '" + from + "'::regclass AND a.attnum > 0"
          + " AND NOT a.attisdropped")) {
        while (rs.next()) {
          types.put(rs.getString(1), rs.getString(2));
        }
      }
      List<String> features = new ArrayList<>();
      // Each column's value as its text, the form a column of any other type is served in.
      StringBuilder texts = new StringBuilder();
      types.forEach((column, type) -> {
        if (!SPATIAL.contains(type)) {
          texts.append(texts.isEmpty() ? "" : ", ").append("'").append(column.replace("'", "''")).append("', ")
              .append(quote(column)).append("::text");
        }
      });
      String id = idColumn == null ? "NULL" : quote(idColumn) + "::text";
      try (ResultSet rs = st.executeQuery("SELECT " + id + ", ST_AsText(ST_AsMVTGeom(ST_Transform("
          + quote(geometryColumn) + ", 3857), ST_TileEnvelope(" + z + ", " + x + ", " + y + "), 4096, 64, true)),"
          + " json_build_object(" + texts + ")::text FROM " + from + " r")) {
        while (rs.next()) {
          if (rs.getString(2) == null) {
            continue;
          }
          Map<String, Object> attributes = new TreeMap<>();
          new JsonObject(rs.getString(3)).forEach(column -> {
            Function<String, Object> decoded = DECODED.getOrDefault(types.get(column.getKey()), value -> value);
            if (column.getValue() != null && !column.getKey().equals(idColumn)) {
              attributes.put(column.getKey(), decoded.apply((String) column.getValue()));
            }
          });
          features.add(line(rs.getString(1) == null ? null : Long.valueOf(rs.getString(1)), wkt(rs.getString(2)),
              attributes));
        }
      }
      features.sort(null);
      return features;
    }
  }

  /** The features of a served tile in the same form, sorted; an empty body holds none. */
  static List<String> served(byte[] tile) {
    List<String> features = new ArrayList<>();
    if (tile.length == 0) {
      return features;
    }
    for (JtsLayer layer : TileDump.decode(tile).getLayers()) {
      for (Geometry geometry : layer.getGeometries()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = new TreeMap<>((Map<String, Object>) geometry.getUserData());
        Object id = attributes.remove(TileDump.ID_KEY);
        features.add(line(id, geometry, attributes));
      }
    }
    features.sort(null);
    return features;
  }

  private static String line(Object id, Geometry geometry, Map<String, Object> attributes) {
    StringBuilder s = new StringBuilder("id=").append(id).append(' ').append(canonical(geometry));
    attributes.forEach((key, value) -> s.append(" | ").append(key).append('=').append(value)
        .append(" (").append(value.getClass().getSimpleName()).append(')'));
    return s.toString();
  }

  /** A one-part collection is its part (MVT has no single-part multi); then JTS's normal form. */
  private static String canonical(Geometry geometry) {
    Geometry g = geometry instanceof GeometryCollection && geometry.getNumGeometries() == 1
        ? geometry.getGeometryN(0) : geometry;
    return g.norm().toText();
  }

  private static Geometry wkt(String text) {
    try {
      return new WKTReader().read(text);
    } catch (ParseException e) {
      throw new IllegalStateException("PostGIS returned WKT JTS cannot read: " + text, e);
    }
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
