package io.tileserver.source.postgis;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database offers: relations with geometry columns and tile functions, read from the
 * catalog in two or three queries whatever the number of tables (the SQL is in this package's
 * {@code .sql} resources).
 */
final class PostgisCatalog {
  private static final String RELATIONS_SQL = SqlResources.load("geometry-relations.sql");
  private static final String COLUMNS_SQL = SqlResources.load("relation-columns.sql");
  private static final String FUNCTIONS_SQL = SqlResources.load("tile-functions.sql");

  private final Pool pool;

  PostgisCatalog(Pool pool) {
    this.pool = pool;
  }

  /** Every geometry column of every relation outside the system schemas, ordered by schema, name, column. */
  Future<List<GeometryRelation>> relations() {
    return pool.query(COLUMNS_SQL).execute().compose(columnRows -> {
      Map<String, List<GeometryRelation.Column>> columns = new LinkedHashMap<>();
      for (Row row : columnRows) {
        columns.computeIfAbsent(key(row.getString("schema"), row.getString("name")), k -> new ArrayList<>())
            .add(new GeometryRelation.Column(row.getString("column_name"), row.getString("type")));
      }
      return pool.query(RELATIONS_SQL).execute().map(rows -> {
        List<GeometryRelation> relations = new ArrayList<>();
        for (Row row : rows) {
          String schema = row.getString("schema");
          String name = row.getString("name");
          relations.add(new GeometryRelation(schema, name, row.getString("kind"), row.getString("description"),
              row.getString("geometry_column"), row.getInteger("srid"), row.getString("geometry_type"),
              row.getString("primary_key"), row.getBoolean("geography"),
              columns.getOrDefault(key(schema, name), List.of())));
        }
        return relations;
      });
    });
  }

  /** Every tile function outside the system schemas; for an overloaded name, the query variant first. */
  Future<List<TileFunction>> functions() {
    return pool.query(FUNCTIONS_SQL).execute().map(rows -> {
      List<TileFunction> functions = new ArrayList<>();
      for (Row row : rows) {
        functions.add(new TileFunction(row.getString("schema"), row.getString("name"),
            row.getString("query_type"), row.getString("description"), row.getBoolean("in_from_clause")));
      }
      return functions;
    });
  }

  private static String key(String schema, String name) {
    return schema + '\0' + name;
  }
}
