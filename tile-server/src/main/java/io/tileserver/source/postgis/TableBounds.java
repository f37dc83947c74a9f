package io.tileserver.source.postgis;

import io.tileserver.sql.SqlIdentifiers;
import io.tileserver.tile.Bounds;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table source's WGS84 bounds for TileJSON: the planner's estimate when the column has statistics
 * ({@code table-bounds.sql}), else {@code ST_Extent} over the rows. Both are transformed from the
 * column's SRID. An empty table, or one whose extent cannot be computed in time, has no bounds
 * (null), which TileJSON shows as the whole world: clients keep asking for its tiles, so rows added
 * later appear without a restart.
 */
final class TableBounds {
  private static final Logger LOGGER = LoggerFactory.getLogger(TableBounds.class);
  private static final String ESTIMATE_SQL = SqlResources.load("table-bounds.sql");

  private TableBounds() {}

  static Future<Bounds> compute(Pool pool, TableSourceSpec spec) {
    GeometryRelation relation = spec.relation();
    Tuple parameters = Tuple.of(relation.schema(), relation.name(), spec.geometryColumn(), spec.srid());
    return pool.preparedQuery(ESTIMATE_SQL).execute(parameters)
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(bounds(rows)) : exact(pool, spec))
        .recover(e -> {
          LOGGER.warn("source {}: cannot compute bounds of {}, using the whole world: {}", spec.id(),
              relation.displayName(), e.getMessage());
          return Future.succeededFuture(null);
        });
  }

  /** ST_Extent reads every row: the fallback when there are no statistics (never analysed, or a view). */
  private static Future<Bounds> exact(Pool pool, TableSourceSpec spec) {
    String sql = "SELECT ST_XMin(b) AS west, ST_YMin(b) AS south, ST_XMax(b) AS east, ST_YMax(b) AS north\n"
        + "FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(" + spec.relation().geometrySql()
        + ")::geometry, " + spec.srid() + "), 4326) AS b FROM " + spec.qualifiedTable() + ") extent\n"
        + "WHERE b IS NOT NULL";
    return pool.query(sql).execute().map(rows -> rows.size() > 0 ? bounds(rows) : null);
  }

  /** The row's box, clamped to valid longitudes and latitudes (data east of 180° is not unusual). */
  private static Bounds bounds(RowSet<Row> rows) {
    Row row = rows.iterator().next();
    return new Bounds(
        clamp(row.getDouble("west"), 180), clamp(row.getDouble("south"), 90),
        clamp(row.getDouble("east"), 180), clamp(row.getDouble("north"), 90));
  }

  private static double clamp(double value, double limit) {
    return Math.max(-limit, Math.min(limit, value));
  }
}
