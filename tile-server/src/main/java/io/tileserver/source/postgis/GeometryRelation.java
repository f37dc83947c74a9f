package io.tileserver.source.postgis;

import io.tileserver.sql.SqlIdentifiers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A table, view or materialized view with a geometry column, as the catalog describes it: one per
 * geometry column (a table with two geometry columns gives two).
 *
 * @param kind table, view or materialized view
 * @param srid the column's declared SRID; 0 when the column has no typmod
 * @param primaryKey the single-column integer primary key, or null
 * @param geography a {@code geography} column rather than a {@code geometry} one
 * @param columns every column in table order, the geometry column included
 */
record GeometryRelation(
    String schema,
    String name,
    String kind,
    String description,
    String geometryColumn,
    int srid,
    String geometryType,
    String primaryKey,
    boolean geography,
    List<Column> columns) {
  private static final Set<String> ENCODABLE_TYPES =
      Set.of("POINT", "MULTIPOINT", "LINESTRING", "MULTILINESTRING", "POLYGON", "MULTIPOLYGON");

  GeometryRelation {
    columns = List.copyOf(columns);
  }

  /** A column and its PostgreSQL type name ({@code int4}, {@code text}, {@code geometry}, …). */
  record Column(String name, String type) {}

  Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /**
   * True when the column's type admits only points, lines and polygons, which MVT encodes as they
   * are; false for {@code geometry}, collections, curves and surfaces (an M suffix, as in
   * {@code POINTM}, changes nothing).
   */
  boolean holdsOnlyEncodableTypes() {
    String type = geometryType == null ? "GEOMETRY" : geometryType.toUpperCase(Locale.ROOT);
    if (type.endsWith("M") && !ENCODABLE_TYPES.contains(type)) {
      type = type.substring(0, type.length() - 1);
    }
    return ENCODABLE_TYPES.contains(type);
  }

  /**
   * The column as a geometry, quoted: a geography column is cast (its values are lon/lat in its
   * SRID, 4326 unless it declares another).
   */
  String geometrySql() {
    String quoted = SqlIdentifiers.quote(geometryColumn);
    return geography ? quoted + "::geometry" : quoted;
  }

  /** {@code schema.name} as a person would write it, for messages. */
  String displayName() {
    return schema + "." + name;
  }

  /** The column names, for messages that list what exists. */
  String columnList() {
    return String.join(", ", columns.stream().map(Column::name).toList());
  }
}
