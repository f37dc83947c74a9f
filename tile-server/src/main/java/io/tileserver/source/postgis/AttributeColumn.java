package io.tileserver.source.postgis;

import io.tileserver.sql.SqlIdentifiers;
import java.util.Optional;

/**
 * A column published as a tile attribute: how it is selected into {@code ST_AsMVT}'s row and what
 * TileJSON calls its type. ST_AsMVT encodes integers, floats, text and booleans natively; numeric
 * is cast to float8 (MVT has no decimal; Martin sends its text), json and jsonb to text (ST_AsMVT
 * would otherwise expand a jsonb object into one attribute per key, which no TileJSON field list
 * could describe). Every other column (dates, arrays, uuids, …) is published as its text, as Martin
 * publishes it; only spatial columns are not.
 *
 * @param tileJsonType Number, String or Boolean
 * @param cast the SQL type the column is cast to, or null to select it as it is
 */
record AttributeColumn(String name, String pgType, String tileJsonType, String cast) {

  /** The attribute for a column of {@code pgType}, or empty for a spatial column. */
  static Optional<AttributeColumn> of(String name, String pgType) {
    return Optional.ofNullable(switch (pgType) {
      case "int2", "int4", "int8", "float4", "float8" -> new AttributeColumn(name, pgType, "Number", null);
      case "numeric" -> new AttributeColumn(name, pgType, "Number", "float8");
      case "text", "varchar", "bpchar", "name", "citext" -> new AttributeColumn(name, pgType, "String", null);
      case "json", "jsonb" -> new AttributeColumn(name, pgType, "String", "text");
      case "bool" -> new AttributeColumn(name, pgType, "Boolean", null);
      case "geometry", "geography", "raster", "box2d", "box3d" -> null;
      default -> new AttributeColumn(name, pgType, "String", "text");
    });
  }

  /** The select-list entry: {@code "col"} or {@code "col"::float8 AS "col"}. */
  String selectSql() {
    String quoted = SqlIdentifiers.quote(name);
    return cast == null ? quoted : quoted + "::" + cast + " AS " + quoted;
  }
}
