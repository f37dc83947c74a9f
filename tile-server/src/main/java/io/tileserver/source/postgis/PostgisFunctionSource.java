package io.tileserver.source.postgis;

import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterValue;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.SourceTile;
import io.tileserver.source.TileSource;
import io.tileserver.sql.SqlIdentifiers;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * A SQL function that makes whole tiles: {@code f(z, x, y)} or {@code f(z, x, y, query)}. The query
 * argument is a JSON object of the request's filter parameters with their canonical values as
 * strings, as Martin passes them: {@code {"beds":"3","minPrice":"100000"}} (an in-list arrives as
 * one comma-separated string). A NULL result, or no row, is an empty tile. A function returning a
 * record or table reads the first row's first column; a text second column is the tile's key, sent
 * as its ETag as Martin does (a key no ETag may hold is ignored, and the content's hash is used).
 *
 * <p>A function taking the query with no filters declared in config accepts any parameter
 * ({@link SourceInfo#passThroughQuery()}); the HTTP layer then hands every query parameter over as
 * text and the function is responsible for reading it defensively.
 */
public final class PostgisFunctionSource implements TileSource {
  private final ReadPools reads;
  private final FunctionSourceSpec spec;
  private final SourceInfo info;
  private final String sql;
  private final int statementTimeoutMs;

  PostgisFunctionSource(ReadPools reads, FunctionSourceSpec spec, int statementTimeoutMs) {
    this.reads = reads;
    this.spec = spec;
    this.statementTimeoutMs = statementTimeoutMs;
    TileFunction function = spec.function();
    TileJsonComment comment = TileJsonComment.of(spec.description());
    this.info = new SourceInfo(spec.id(), "function", comment.description(), spec.minzoom(), spec.maxzoom(),
        spec.bounds(),
        List.of(new SourceInfo.VectorLayer(spec.layer(), comment.description(), Map.of(), spec.minzoom(),
            spec.maxzoom())),
        spec.filters(), function.takesQuery() && spec.filters().isEmpty(), comment.tileJson());
    String call = SqlIdentifiers.quote(function.schema(), function.name()) + "($1::int4, $2::int4, $3::int4"
        + (function.takesQuery() ? ", $4::" + function.queryType() : "") + ")";
    // A set or a (tile, key) record is read as rows: the first column of the first row is the tile.
    this.sql = function.inFromClause() ? "SELECT * FROM " + call + " AS tile LIMIT 1" : "SELECT " + call;
  }

  @Override
  public SourceInfo info() {
    return info;
  }

  String sql() {
    return sql;
  }

  @Override
  public Future<byte[]> getTile(TileCoord coord, FilterSet filters, Deadline deadline) {
    return getSourceTile(coord, filters, deadline).map(SourceTile::raw);
  }

  @Override
  public Future<SourceTile> getSourceTile(TileCoord coord, FilterSet filters, Deadline deadline) {
    Tuple parameters = Tuple.of(coord.z(), coord.x(), coord.y());
    if (spec.function().takesQuery()) {
      parameters.addValue(queryJson(filters));
    }
    String what = "source " + spec.id() + " tile " + coord + (filters.isEmpty() ? "" : " ?" + filters.canonical());
    return reads.query(sql, parameters, deadline, what)
        .transform(ar -> ar.succeeded()
            ? Future.succeededFuture(SourceTile.tagged(PostgisTableSource.bytes(ar.result()), key(ar.result())))
            : Future.failedFuture(PostgisErrors.translate(what, ar.cause(), statementTimeoutMs)));
  }

  /** The key column of a (tile, key) row, or null. */
  private static String key(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return null;
    }
    Row row = rows.iterator().next();
    return row.size() > 1 && row.getValue(1) instanceof String key ? key : null;
  }

  /** {@code {"name":"canonical value",…}} in parameter order. */
  static JsonObject queryJson(FilterSet filters) {
    JsonObject query = new JsonObject();
    for (FilterValue value : filters.values()) {
      query.put(value.parameter(), value.canonical());
    }
    return query;
  }
}
