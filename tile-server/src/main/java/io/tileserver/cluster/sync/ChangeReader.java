package io.tileserver.cluster.sync;

import io.tileserver.cluster.ChangeBatch;
import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterSql;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.sql.SqlIdentifiers;
import io.vertx.core.Future;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The change follower's SQL, all prepared with bound parameters: rows by an id array, rows changed
 * since a watermark (through a cursor, page by page), ids from the deletion log since a watermark,
 * and the purge of old deletion-log rows. Rows decode into a {@link ChangeBatch}: a row with a
 * position is an upsert, a row without one is removed from the index (and counted), an asked-for id
 * that is gone is removed.
 */
final class ChangeReader {
  private static final String DELETIONS = "SELECT id, deleted_at FROM change_feed_deletions"
      + " WHERE channel = $1 AND deleted_at > $2 ORDER BY deleted_at";
  private static final String PURGE = "DELETE FROM change_feed_deletions"
      + " WHERE channel = $1 AND deleted_at < now() - make_interval(secs => $2)";

  private final Pool pool;
  private final SyncOptions options;
  private final SyncMetrics metrics;
  private final String byIds;
  private final String changedSince;
  private final String watermarks;

  ChangeReader(Pool pool, ClusterColumns columns, SyncOptions options, SyncMetrics metrics) {
    this.pool = pool;
    this.options = options;
    this.metrics = metrics;
    String updatedAt = SqlIdentifiers.quote(options.updatedAtColumn());
    String select = ClusterSql.select(columns, List.of(options.updatedAtColumn()));
    this.byIds = select + " WHERE " + SqlIdentifiers.quote(columns.id()) + " = ANY($1)";
    this.changedSince = select + " WHERE " + updatedAt + " > $1 ORDER BY " + updatedAt;
    this.watermarks = "SELECT coalesce((SELECT max(" + updatedAt + ") FROM " + SqlIdentifiers.quoteQualified(columns.table())
        + "), 'epoch'), coalesce((SELECT max(deleted_at) FROM change_feed_deletions WHERE channel = $1), 'epoch'),"
        + " now()";
  }

  /**
   * The newest updated_at of the table and deleted_at of the channel's deletion log ('epoch' when none),
   * and the database's time.
   */
  Future<Watermarks> watermarks() {
    return pool.preparedQuery(watermarks).execute(Tuple.of(options.channel())).map(rows -> {
      Row row = rows.iterator().next();
      return new Watermarks(row.getOffsetDateTime(0), row.getOffsetDateTime(1), row.getOffsetDateTime(2));
    });
  }

  /** The database's time: the start of a poll, stamped on the clock updated_at and deleted_at come from. */
  Future<OffsetDateTime> now() {
    return pool.query("SELECT now()").execute().map(rows -> rows.iterator().next().getOffsetDateTime(0));
  }

  /** Re-reads {@code ids} (sorted, distinct) into a batch: upserts, and removals for rows gone or without position. */
  Future<ChangeBatch.Builder> readByIds(LiveClusterIndex index, long[] ids, long receivedNanos) {
    Long[] boxed = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      boxed[i] = ids[i];
    }
    return pool.preparedQuery(byIds).execute(Tuple.of(boxed)).map(rows -> {
      ChangeBatch.Builder batch = index.newBatch(rows.size()).receivedAt(receivedNanos);
      long[] found = new long[rows.size()];
      int n = 0;
      for (Row row : rows) {
        found[n++] = add(row, batch);
      }
      Arrays.sort(found, 0, n);
      for (long id : ids) {
        if (Arrays.binarySearch(found, 0, n, id) < 0) {
          batch.remove(id);
        }
      }
      return batch;
    });
  }

  /**
   * Streams the rows changed after {@code since} through a cursor in one read-only transaction,
   * handing each page as a batch to {@code apply} and waiting for it before the next page; yields
   * the newest updated_at seen ({@code since} when none).
   */
  Future<OffsetDateTime> readChangedSince(LiveClusterIndex index, OffsetDateTime since,
      Function<ChangeBatch.Builder, Future<?>> apply) {
    return pool.withTransaction(conn -> conn.prepare(changedSince)
        .compose(statement -> {
          Cursor cursor = statement.cursor(Tuple.of(since));
          return readPages(index, cursor, since, apply).eventually(() -> cursor.close().eventually(statement::close));
        }));
  }

  private Future<OffsetDateTime> readPages(LiveClusterIndex index, Cursor cursor,
      OffsetDateTime newest, Function<ChangeBatch.Builder, Future<?>> apply) {
    return cursor.read(options.pollPageRows()).compose(rows -> {
      ChangeBatch.Builder batch = index.newBatch(rows.size());
      OffsetDateTime latest = newest;
      for (Row row : rows) {
        add(row, batch);
        OffsetDateTime at = row.getOffsetDateTime(9);
        latest = at.isAfter(latest) ? at : latest;
      }
      OffsetDateTime seen = latest;
      Future<?> applied = batch.size() == 0 ? Future.succeededFuture() : apply.apply(batch);
      return applied.compose(v -> cursor.hasMore() ? readPages(index, cursor, seen, apply) : Future.succeededFuture(seen));
    });
  }

  /** Ids logged as deleted after {@code since}, and the newest deleted_at seen. */
  Future<Deletions> deletionsSince(OffsetDateTime since) {
    return pool.preparedQuery(DELETIONS).execute(Tuple.of(options.channel(), since)).map(rows -> {
      long[] ids = new long[rows.size()];
      OffsetDateTime newest = since;
      int n = 0;
      for (Row row : rows) {
        ids[n++] = row.getLong(0);
        OffsetDateTime at = row.getOffsetDateTime(1);
        newest = at.isAfter(newest) ? at : newest;
      }
      return new Deletions(ids, newest);
    });
  }

  /** Drops deletion-log rows older than the retention; any listener may do it. */
  Future<Integer> purgeDeletions() {
    return pool.preparedQuery(PURGE)
        .execute(Tuple.of(options.channel(), (double) options.deletionRetention().toSeconds()))
        .map(RowSet::rowCount);
  }

  /** Adds one row to the batch; returns its id. */
  private long add(Row row, ChangeBatch.Builder batch) {
    metrics.rowsRead.increment();
    long id = row.getLong(0);
    Double lon = row.getDouble(1);
    Double lat = row.getDouble(2);
    if (lon == null || lat == null) {
      metrics.rowsWithoutGeometry.increment();
      batch.remove(id);
      return id;
    }
    Long price = row.getLong(3);
    Long beds = row.getLong(4);
    Double baths = row.getDouble(5);
    Long sqft = row.getLong(6);
    batch.upsert(id, lon, lat, price == null ? -1 : price, beds == null ? -1 : (int) (long) beds,
        baths == null ? Double.NaN : baths, sqft == null ? -1 : sqft, row.getString(7), row.getString(8));
    return id;
  }

  /**
   * Where the last poll got to: the newest updated_at and deleted_at it saw, and the database's time
   * when it started ({@code readAt}).
   */
  record Watermarks(OffsetDateTime updatedAt, OffsetDateTime deletedAt, OffsetDateTime readAt) {
    /** Where the next poll reads changed rows from: see {@link #since}. */
    OffsetDateTime updatedSince(Duration lookback) {
      return since(updatedAt, lookback);
    }

    /** Where the next poll reads the deletion log from: see {@link #since}. */
    OffsetDateTime deletedSince(Duration lookback) {
      return since(deletedAt, lookback);
    }

    /**
     * A row the last poll could not see was stamped after its watermark, or by a transaction still
     * open when the poll started, so no earlier than {@code readAt} less the lookback (the longest
     * transaction allowed for). Reading from the earlier of the two, rather than always from the
     * watermark less the lookback, re-reads nothing once the table is quiet: a bulk load stamps
     * millions of rows with one time, and every poll would read them all again.
     */
    private OffsetDateTime since(OffsetDateTime watermark, Duration lookback) {
      OffsetDateTime inFlight = readAt.minus(lookback);
      return inFlight.isBefore(watermark) ? inFlight : watermark;
    }
  }

  /** Ids deleted since a watermark, and the new watermark. */
  record Deletions(long[] ids, OffsetDateTime newest) {}
}
