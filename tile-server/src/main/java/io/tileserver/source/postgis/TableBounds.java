package io.tileserver.source.postgis;

import io.tileserver.tile.Bounds;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table source's WGS84 bounds for TileJSON, as {@code database.auto-bounds} (Martin's
 * {@code auto_bounds}) asks:
 *
 * <ul>
 *   <li>{@code quick}: the planner's estimate when the column has statistics
 *       ({@code table-bounds.sql}), in constant time; else {@code ST_Extent} over the rows, given
 *       Martin's 5 seconds.
 *   <li>{@code calc}: {@code ST_Extent} over the rows, exact, however long it takes (statistics can
 *       be stale, or a histogram's rounding off).
 *   <li>{@code skip}: nothing is read.
 * </ul>
 *
 * Both are transformed from the column's SRID. No bounds (null: skipped, an empty table, or an
 * extent not computed in time) is shown in TileJSON as the whole world: clients keep asking for its
 * tiles, so rows added later appear without a restart.
 */
final class TableBounds {
  private static final Logger LOGGER = LoggerFactory.getLogger(TableBounds.class);
  private static final String ESTIMATE_SQL = SqlResources.load("table-bounds.sql");
  /** Martin's limit on the extent in quick mode. */
  private static final int QUICK_EXTENT_MS = 5000;

  private TableBounds() {}

  /** @param mode {@code database.auto-bounds}: quick, calc or skip */
  static Future<Bounds> compute(Pool pool, TableSourceSpec spec, String mode) {
    GeometryRelation relation = spec.relation();
    Future<Bounds> bounds = switch (mode) {
      case "skip" -> Future.succeededFuture(null);
      case "calc" -> exact(pool, spec, 0);
      default -> pool.preparedQuery(ESTIMATE_SQL)
          .execute(Tuple.of(relation.schema(), relation.name(), spec.geometryColumn(), spec.srid()))
          .compose(rows -> rows.size() > 0 ? Future.succeededFuture(bounds(rows)) : exact(pool, spec, QUICK_EXTENT_MS));
    };
    return bounds.recover(e -> {
      LOGGER.warn("source {}: cannot compute bounds of {}, using the whole world{}: {}", spec.id(),
          relation.displayName(), mode.equals("quick") ? " (database.auto-bounds: calc waits for them)" : "",
          e.getMessage());
      return Future.succeededFuture(null);
    });
  }

  /**
   * ST_Extent reads every row, within {@code timeoutMs} (0: no limit) instead of the tile
   * statement timeout the pool's sessions carry; {@code SET LOCAL} ends with the transaction.
   */
  private static Future<Bounds> exact(Pool pool, TableSourceSpec spec, int timeoutMs) {
    String sql = "SELECT ST_XMin(b) AS west, ST_YMin(b) AS south, ST_XMax(b) AS east, ST_YMax(b) AS north\n"
        + "FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(" + spec.relation().geometrySql()
        + ")::geometry, " + spec.srid() + "), 4326) AS b FROM " + spec.qualifiedTable() + ") extent\n"
        + "WHERE b IS NOT NULL";
    return pool.withTransaction(connection -> connection.query("SET LOCAL statement_timeout = " + timeoutMs)
        .execute()
        .compose(set -> connection.query(sql).execute())
        .map(rows -> rows.size() > 0 ? bounds(rows) : null));
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
