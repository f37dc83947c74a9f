package io.tileserver.source.postgis;

import io.tileserver.filter.FilterSpec;
import io.tileserver.sql.SqlIdentifiers;
import io.tileserver.tile.Bounds;
import java.util.List;
import java.util.Map;

/**
 * Everything a table source needs, resolved from discovery and config: the relation, which columns
 * play which part, and the tile parameters. Built by {@link TableSourceResolver}; {@link TableTileSql}
 * turns it into SQL.
 *
 * @param srid the SRID the geometry column's values are in (config may override the catalog)
 * @param idColumn the integer column used as the MVT feature id, or null for none
 * @param attributes the columns published as attributes: the configured {@code properties}, else every
 *     column of a supported type in table order but the id and geometry columns
 * @param bounds the configured bounds, or null to compute them from the data
 * @param maxFeatures at most this many features per tile, or null for no limit
 */
record TableSourceSpec(
    String id,
    GeometryRelation relation,
    String geometryColumn,
    int srid,
    String idColumn,
    String layer,
    List<AttributeColumn> attributes,
    int minzoom,
    int maxzoom,
    Bounds bounds,
    int extent,
    int buffer,
    boolean clip,
    Integer maxFeatures,
    String description,
    Map<String, FilterSpec> filters) implements SourceSpec {

  TableSourceSpec {
    attributes = List.copyOf(attributes);
    filters = Map.copyOf(filters);
  }

  @Override
  public String origin() {
    return relation.kind() + " " + relation.displayName() + "." + geometryColumn + " (" + relation.geometryType()
        + ", SRID " + srid + ")";
  }

  /** The quoted {@code "schema"."table"}. */
  String qualifiedTable() {
    return SqlIdentifiers.quote(relation.schema(), relation.name());
  }
}
