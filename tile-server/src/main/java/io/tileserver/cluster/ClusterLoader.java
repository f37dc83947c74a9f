package io.tileserver.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.stream.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a point table into a {@link ClusterIndex}: one prepared query whose rows go, as they are
 * decoded, through a {@link Collector} straight into the builder's primitive columns, so the table
 * is never materialized. Unlike a cursor read in batches, PostgreSQL keeps sending while the client
 * decodes, so the two overlap instead of taking turns (timings in bench/README.md). Only id, x/y
 * and the kept attributes are selected. Rows whose geometry is NULL are skipped and counted. The
 * sort runs in {@code executeBlocking}, off the event loop; the per-row copying is short work per
 * row on the connection's context. The read is exempt from {@code database.statement-timeout-ms}.
 * Progress (rows and rows/s) is logged every {@code progressRows} rows.
 */
public final class ClusterLoader {
  public static final int DEFAULT_PROGRESS_ROWS = 1_000_000;
  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterLoader.class);
  /**
   * The pool's connections carry the tile statement timeout (5 s by default), but reading 10M rows
   * takes about 20 s: the load runs in a read-only transaction of its own with no timeout.
   */
  private static final String UNBOUNDED_READ = "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = 0";

  private final Vertx vertx;
  private final Pool pool;
  private final ClusterColumns columns;
  private final int progressRows;

  public ClusterLoader(Vertx vertx, Pool pool, ClusterColumns columns, int progressRows) {
    this.vertx = vertx;
    this.pool = pool;
    this.columns = columns;
    this.progressRows = progressRows;
  }

  /** Loads {@code columns.table()}, logging progress every million rows. */
  public static Future<ClusterLoad> load(Vertx vertx, Pool pool, ClusterColumns columns) {
    return new ClusterLoader(vertx, pool, columns, DEFAULT_PROGRESS_ROWS).load();
  }

  public Future<ClusterLoad> load() {
    long start = System.nanoTime();
    return pool.withTransaction(conn -> conn.query(UNBOUNDED_READ).execute()
        .compose(v -> estimatedRows(conn))
        .compose(expected -> {
          Progress progress = new Progress(new ClusterIndexBuilder(columns, (int) Math.min(Integer.MAX_VALUE - 16,
              expected + expected / 20)), start);
          LOGGER.info("cluster index {}: loading about {} rows", columns.table(), expected);
          return conn.preparedQuery(selectSql())
              .collecting(Collector.of(() -> progress, Progress::accept, (a, b) -> a))
              .execute()
              .map(v -> progress);
        }))
        .compose(this::build);
  }

  /** The planner's row estimate (0 when the table was never analyzed): sizes the builder's columns. */
  private Future<Long> estimatedRows(SqlConnection conn) {
    return conn.preparedQuery("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass($1)")
        .execute(Tuple.of(columns.table()))
        .map(rows -> rows.size() == 0 || rows.iterator().next().getLong(0) == null ? 0L : rows.iterator().next().getLong(0));
  }

  String selectSql() {
    return ClusterSql.select(columns);
  }

  private Future<ClusterLoad> build(Progress p) {
    long readMillis = (System.nanoTime() - p.start) / 1_000_000;
    return vertx.executeBlocking(() -> {
      long t = System.nanoTime();
      ClusterIndex index = p.builder.build().prepare();
      long buildMillis = (System.nanoTime() - t) / 1_000_000;
      LOGGER.info("cluster index {}: {} points ({} rows without geometry skipped, {} prices clamped), read in {} ms,"
              + " sorted and low-zoom ordered in {} ms, {} bytes/point", columns.table(), index.size(),
          p.withoutGeometry, p.builder.clampedPrices(), readMillis, buildMillis,
          index.size() == 0 ? 0 : String.format("%.1f", (double) index.memoryBytes() / index.size()));
      return new ClusterLoad(index, p.read, p.withoutGeometry, p.builder.clampedPrices(), readMillis, buildMillis);
    });
  }

  /** The builder and counters of one load; only touched from the connection's context. */
  private final class Progress {
    final ClusterIndexBuilder builder;
    final long start;
    long read;
    long withoutGeometry;
    long nextReport = progressRows;

    Progress(ClusterIndexBuilder builder, long start) {
      this.builder = builder;
      this.start = start;
    }

    void accept(Row row) {
      read++;
      Double lon = row.getDouble(1);
      Double lat = row.getDouble(2);
      if (lon == null || lat == null) {
        withoutGeometry++;
      } else {
        builder.add(row.getLong(0), lon, lat, orNegative(row.getLong(3)), (int) orNegative(row.getLong(4)),
            orNaN(row.getDouble(5)), orNegative(row.getLong(6)), row.getString(7), row.getString(8));
      }
      if (read >= nextReport) {
        nextReport += progressRows;
        double seconds = (System.nanoTime() - start) / 1e9;
        LOGGER.info("cluster index {}: {} rows read ({} rows/s)", columns.table(), read, Math.round(read / seconds));
      }
    }
  }

  private static long orNegative(Long value) {
    return value == null ? -1 : value;
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }
}
