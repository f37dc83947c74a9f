package io.tileserver.stats;

import io.tileserver.source.Deadline;
import io.tileserver.source.postgis.PostgisErrors;
import io.tileserver.source.postgis.ReadPools;
import io.tileserver.tile.Bounds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * Area statistics read from the schema's views: cities ({@code city_stats}) and ZIP areas
 * ({@code zip_stats}, listings per ZIP polygon), each answer with when its view was last refreshed
 * and how old that is. Sorting is by a closed list of columns, and every value is a bound parameter.
 */
public final class AreaStats {
  /** Sort keys of the API → the view's columns. */
  private static final Map<String, String> CITY_SORTS = Map.of("listings", "listing_count", "active", "active_count",
      "median_price", "median_price", "avg_price", "avg_price", "city", "city");
  private static final Map<String, String> ZIP_SORTS = Map.of("listings", "listing_count", "active", "active_count",
      "median_price", "median_price", "median_price_per_sqft", "median_price_per_sqft", "zip", "zip");

  /** SQLSTATE undefined_table: the view or table is not there. */
  private static final String UNDEFINED_TABLE = "42P01";

  private final ReadPools reads;
  private final int statementTimeoutMs;

  /** A city order: {@code listings}, {@code active}, {@code median_price}, {@code avg_price}, {@code city}, or {@code -} one. */
  public static Optional<Sort> citySort(String text) {
    return Sort.of(text, CITY_SORTS);
  }

  /** A ZIP order: {@code listings}, {@code active}, {@code median_price}, {@code median_price_per_sqft}, {@code zip}. */
  public static Optional<Sort> zipSort(String text) {
    return Sort.of(text, ZIP_SORTS);
  }

  public AreaStats(ReadPools reads, int statementTimeoutMs) {
    this.reads = reads;
    this.statementTimeoutMs = statementTimeoutMs;
  }

  /** How an answer is ordered: a column of the closed list, descending when asked. */
  public record Sort(String column, boolean descending) {
    /** {@code key} or {@code -key} of {@code allowed}; empty for anything else. */
    private static Optional<Sort> of(String text, Map<String, String> allowed) {
      boolean descending = text.startsWith("-");
      return Optional.ofNullable(allowed.get(descending ? text.substring(1) : text))
          .map(column -> new Sort(column, descending));
    }

    String sql() {
      // Missing prices sort last either way; ties fall back to the view's key.
      return column + (descending ? " DESC NULLS LAST" : " ASC NULLS LAST");
    }
  }

  /** Cities of {@code state} (every state when null) in {@code sort} order, at most {@code limit}. */
  public Future<JsonObject> cities(String state, Sort sort, int limit, Deadline deadline) {
    // One statement per shape, not "$1 IS NULL OR …": these run in tile sessions, which plan a
    // statement once for every value (PostgisPool), so an optional condition must not hinge on one.
    String sql = "SELECT city, state, listing_count, active_count, avg_price, median_price, min_price, max_price,"
        + " ST_X(centre) AS lon, ST_Y(centre) AS lat FROM city_stats"
        + (state == null ? "" : " WHERE state = $2")
        + " ORDER BY " + sort.sql() + ", city, state LIMIT $1";
    Tuple parameters = state == null ? Tuple.of(limit) : Tuple.of(limit, state);
    return read("city_stats", sql, parameters, deadline).map(answer -> {
      JsonArray cities = new JsonArray();
      for (Row row : answer.rows()) {
        cities.add(new JsonObject()
            .put("city", row.getString("city"))
            .put("state", row.getString("state"))
            .put("listing_count", row.getLong("listing_count"))
            .put("active_count", row.getLong("active_count"))
            .put("avg_price", row.getLong("avg_price"))
            .put("median_price", row.getLong("median_price"))
            .put("min_price", row.getLong("min_price"))
            .put("max_price", row.getLong("max_price"))
            .put("lon", row.getDouble("lon"))
            .put("lat", row.getDouble("lat")));
      }
      return answer.described().put("state", state).put("cities", cities);
    });
  }

  /** ZIP areas whose polygon meets {@code bounds} (every one when null), in {@code sort} order. */
  public Future<JsonObject> zips(Bounds bounds, Sort sort, int limit, Deadline deadline) {
    String sql = "SELECT s.zip, z.name, s.listing_count, s.active_count, s.median_price, s.avg_price,"
        + " s.median_price_per_sqft FROM zip_stats s JOIN zip_areas z USING (zip)"
        + (bounds == null ? "" : " WHERE z.geom && ST_MakeEnvelope($2, $3, $4, $5, 4326)")
        + " ORDER BY " + sort.sql() + ", s.zip LIMIT $1";
    Tuple parameters = bounds == null ? Tuple.of(limit)
        : Tuple.of(limit, bounds.west(), bounds.south(), bounds.east(), bounds.north());
    return read("zip_stats", sql, parameters, deadline).map(answer -> {
      JsonArray zips = new JsonArray();
      for (Row row : answer.rows()) {
        zips.add(new JsonObject()
            .put("zip", row.getString("zip"))
            .put("name", row.getString("name"))
            .put("listing_count", row.getLong("listing_count"))
            .put("active_count", row.getLong("active_count"))
            .put("median_price", row.getLong("median_price"))
            .put("avg_price", row.getLong("avg_price"))
            .put("median_price_per_sqft", row.getDouble("median_price_per_sqft")));
      }
      return answer.described().put("zips", zips);
    });
  }

  /** A view's rows and when the view was last refreshed. */
  private record Answer(String view, RowSet<Row> rows, OffsetDateTime refreshedAt) {
    JsonObject described() {
      JsonObject json = new JsonObject().put("view", view);
      if (refreshedAt != null) {
        json.put("refreshed_at", refreshedAt.withOffsetSameInstant(ZoneOffset.UTC).toString())
            .put("age_seconds", Math.max(0, Duration.between(refreshedAt, OffsetDateTime.now()).toSeconds()));
      }
      return json;
    }
  }

  private Future<Answer> read(String view, String sql, Tuple parameters, Deadline deadline) {
    String what = "statistics of " + view;
    Future<RowSet<Row>> rows = reads.query(sql, parameters, deadline, what);
    Future<RowSet<Row>> refreshed = reads.query("SELECT refreshed_at FROM stats_refreshes WHERE view_name = $1",
        Tuple.of(view), deadline, what);
    return Future.all(rows, refreshed)
        .map(all -> new Answer(view, rows.result(), refreshed.result().size() == 0 ? null
            : refreshed.result().iterator().next().getOffsetDateTime(0)))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && UNDEFINED_TABLE.equals(pg.getSqlState())
            ? new StatsNotInstalledException(view + " is not in this database; tile-server migrate installs it", e)
            : PostgisErrors.translate(what, e, statementTimeoutMs)));
  }
}
