package io.tileserver.source.postgis;

import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterValue;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.TileSource;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PostGIS table, view or materialized view served with {@code ST_AsMVT} (one layer per tile). The
 * SQL for each filter shape is built on first use and kept ({@link TableTileSql}); values are bound.
 */
public final class PostgisTableSource implements TileSource {
  private final ReadPools reads;
  private final TableSourceSpec spec;
  private final SourceInfo info;
  private final int statementTimeoutMs;
  /** Filter shape ({@code name,name,…}) → SQL text; a handful of entries per source. */
  private final Map<String, String> sqlByShape = new ConcurrentHashMap<>();
  /** For a projected SRID: the data's extent in Web Mercator metres, with a margin (see TableTileSql). */
  private final double[] dataExtent;

  PostgisTableSource(ReadPools reads, TableSourceSpec spec, Bounds bounds, int statementTimeoutMs) {
    this.reads = reads;
    this.spec = spec;
    this.statementTimeoutMs = statementTimeoutMs;
    Map<String, String> fields = new LinkedHashMap<>();
    spec.attributes().forEach(a -> fields.put(a.name(), a.tileJsonType()));
    TileJsonComment comment = TileJsonComment.of(spec.description());
    this.info = new SourceInfo(spec.id(), "table", comment.description(), spec.minzoom(), spec.maxzoom(), bounds,
        List.of(new SourceInfo.VectorLayer(spec.layer(), comment.description(), fields, spec.minzoom(),
            spec.maxzoom())),
        spec.filters(), false, comment.tileJson());
    this.dataExtent = TableTileSql.clipsToData(spec) ? mercatorExtent(info.bounds()) : null;
  }

  /**
   * {@code bounds} in Web Mercator metres, widened by a tenth of its size and a kilometre each way:
   * the estimated extent may fall a little short of the data.
   */
  private static double[] mercatorExtent(Bounds bounds) {
    double west = WebMercator.metresX(bounds.west());
    double east = WebMercator.metresX(bounds.east());
    double south = WebMercator.metresY(bounds.south());
    double north = WebMercator.metresY(bounds.north());
    double marginX = (east - west) / 10 + 1000;
    double marginY = (north - south) / 10 + 1000;
    return new double[] {west - marginX, south - marginY, east + marginX, north + marginY};
  }

  @Override
  public SourceInfo info() {
    return info;
  }

  /** The SQL this source runs for a request with {@code filters} (for tests and EXPLAIN). */
  /** What the source was resolved to (layer, id column): what {@code bench}'s PrintTileSql binds as the server does. */
  TableSourceSpec spec() {
    return spec;
  }

  String sql(FilterSet filters) {
    List<String> names = names(filters);
    return sqlByShape.computeIfAbsent(String.join(",", names), shape -> TableTileSql.build(spec, names));
  }

  @Override
  public Future<byte[]> getTile(TileCoord coord, FilterSet filters, Deadline deadline) {
    Tuple parameters = Tuple.of(coord.z(), coord.x(), coord.y(), spec.layer(), spec.idColumn());
    if (dataExtent != null) {
      for (double edge : dataExtent) {
        parameters.addValue(edge);
      }
    }
    for (FilterValue value : filters.values()) {
      parameters.addValue(FilterBinding.bind(value));
    }
    String what = "source " + spec.id() + " tile " + coord + describe(filters);
    return reads.query(sql(filters), parameters, deadline, what)
        .transform(ar -> ar.succeeded()
            ? Future.succeededFuture(bytes(ar.result()))
            : Future.failedFuture(PostgisErrors.translate(what, ar.cause(), statementTimeoutMs)));
  }

  private static List<String> names(FilterSet filters) {
    List<String> names = new ArrayList<>();
    filters.values().forEach(v -> names.add(v.parameter()));
    return names;
  }

  private static String describe(FilterSet filters) {
    return filters.isEmpty() ? "" : " ?" + filters.canonical();
  }

  static byte[] bytes(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return new byte[0];
    }
    Buffer buffer = rows.iterator().next().getBuffer(0);
    return buffer == null ? new byte[0] : buffer.getBytes();
  }
}
