package io.tileserver.cluster.sync;

import io.tileserver.cluster.ChangeBatch;
import io.tileserver.cluster.ChangedTiles;
import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterLoad;
import io.tileserver.cluster.ClusterLoader;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.cluster.LoadedIndex;
import io.tileserver.source.postgis.ReadPools;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a cluster table into a {@link LiveClusterIndex} and keeps it in step with the table.
 *
 * <ol>
 *   <li>LISTEN first (a {@link PgSubscriber} with reconnect), then note the watermarks (newest
 *       updated_at, newest deletion-log entry), then load: a change committed during the load is
 *       both heard of and possibly loaded, and applying it twice is harmless (unchanged rows are
 *       skipped), so none is missed.
 *   <li>Each notification's ids are queued; one step at a time, up to {@code idBatch} queued ids
 *       are re-read by a prepared {@code id = ANY($1)} and applied as one batch off the event loop.
 *       A row that is gone — deleted, whatever the notice said — or has no position is removed.
 *   <li>On an overflow notice, after every reconnect and every {@code pollInterval}, a poll reads
 *       the rows with {@code updated_at} after the watermark, or after the previous poll's start
 *       less a lookback when that is earlier, through a cursor and applies them page by page; then
 *       it queues the ids the deletion log ({@code change_feed_deletions}, written by the delete
 *       trigger for every deleted row) holds after its watermark, and purges log rows past their
 *       retention. The log is what makes deletes visible without notifications; the alternative,
 *       diffing every id of the table against the index, reads the whole table.
 *   <li>On a truncate notice (changeset 009; TRUNCATE fires no delete trigger), every id the index
 *       holds is queued and re-read like any other: the rows that are gone are removed and the
 *       changed tiles reported as usual; rows inserted since arrive through their own notices.
 *   <li>After a quiet {@code mergeIdle}, the index merges its delta into main in the background.
 * </ol>
 *
 * <p>Each applied batch that changed anything is handed to the listener as {@link ChangedTiles},
 * on this sync's Vert.x context (do not block in it). A bulk re-scrape arrives as overflow notices
 * and is applied in pages of {@code pollPageRows}, each on a worker, so tiles keep being served
 * from the snapshot before it. State is confined to one context; nothing here blocks it.
 */
public final class ClusterSync implements LoadedIndex {
  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterSync.class);
  private static final long TICK_MILLIS = 1_000;
  private static final long RETRY_NANOS = 1_000_000_000L;
  // A listener that reconnects at most 5 s after the primary is back keeps the index at most that far
  // behind it; an attempt every 5 s is nothing to a database that is down.
  private static final long MAX_RECONNECT_DELAY_MILLIS = 5_000;

  private final Vertx vertx;
  private final Context context;
  private final ReadPools reads;
  private final PgConnectOptions connect;
  private final ClusterColumns columns;
  private final LiveIndexOptions indexOptions;
  private final SyncOptions options;
  private final Executor scanHelper;
  private final Consumer<ChangedTiles> listener;
  private final PendingIds pending = new PendingIds();
  private final SyncMetrics metrics = new SyncMetrics(() -> pending.size());
  private final ChangeReader reader;
  private PgSubscriber subscriber;
  private LiveClusterIndex index;
  private ClusterLoad load;
  private ChangeReader.Watermarks watermarks;
  private boolean busy;
  private boolean pollRequested;
  /** A TRUNCATE was announced: every id the index holds is re-read (and dropped unless it is back). */
  private boolean rereadAllRequested;
  private boolean closed;
  private int subscriptions;
  private long lastPollNanos;
  private long retryAfterNanos;
  private long tickTimer = -1;

  private ClusterSync(Vertx vertx, ReadPools reads, PgConnectOptions connect, ClusterColumns columns,
      LiveIndexOptions indexOptions, SyncOptions options, Executor scanHelper, Consumer<ChangedTiles> listener) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.reads = reads;
    this.connect = connect;
    this.columns = columns;
    this.indexOptions = indexOptions;
    this.options = options;
    this.scanHelper = scanHelper;
    this.listener = listener;
    // Changed rows are read from the primary: the notification came from there, and a replica may
    // not have replayed the change yet, which would apply an older row than the one announced.
    this.reader = new ChangeReader(reads.primary(), columns, options, metrics);
  }

  /**
   * Listens, loads and starts following; completes once the index is loaded and serving.
   *
   * @param reads the initial load goes where these send bulk reads (a replica that has caught up, or
   *     the primary); the change feed's reads go to the primary
   * @param connect where the listening connection goes (the primary; it takes one extra connection)
   * @param scanHelper runs the second half of large scans; null to scan on the calling thread only
   * @param listener gets the tiles each applied batch changed, on this sync's context
   */
  public static Future<ClusterSync> start(Vertx vertx, ReadPools reads, PgConnectOptions connect, ClusterColumns columns,
      LiveIndexOptions indexOptions, SyncOptions options, Executor scanHelper, Consumer<ChangedTiles> listener) {
    ClusterSync sync = new ClusterSync(vertx, reads, connect, columns, indexOptions, options, scanHelper, listener);
    Promise<ClusterSync> started = Promise.promise();
    sync.context.runOnContext(v -> sync.begin().onComplete(started));
    return started.future();
  }

  /** The live index: query it (or a {@link LiveClusterIndex#snapshot()} of it) from any thread. */
  @Override
  public LiveClusterIndex index() {
    return index;
  }

  /** What the initial load read (rows, rows without geometry, timings). */
  @Override
  public ClusterLoad load() {
    return load;
  }

  public SyncMetrics metrics() {
    return metrics;
  }

  /** Stops listening and polling and closes the index (queries keep answering from its last snapshot). */
  @Override
  public Future<Void> close() {
    Promise<Void> closedPromise = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      if (tickTimer >= 0) {
        vertx.cancelTimer(tickTimer);
      }
      Future<Void> stopped = subscriber == null ? Future.succeededFuture() : subscriber.close();
      stopped.onComplete(ar -> {
        if (index != null) {
          index.close();
        }
        closedPromise.complete();
      });
    });
    return closedPromise.future();
  }

  private Future<ClusterSync> begin() {
    Map<String, String> properties = new HashMap<>(connect.getProperties());
    properties.put("application_name", options.listenerName());
    subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions(connect).setProperties(properties));
    long firstDelay = Math.max(1, options.reconnectDelay().toMillis());
    subscriber.reconnectPolicy(attempt -> Math.min(MAX_RECONNECT_DELAY_MILLIS, firstDelay << Math.min(attempt, 16)));
    subscriber.channel(options.channel())
        .handler(payload -> context.runOnContext(v -> onPayload(payload)))
        .subscribeHandler(v -> context.runOnContext(x -> onSubscribed()));
    return subscriber.connect()
        .compose(v -> reader.watermarks())
        .compose(w -> {
          watermarks = w;
          return reads.load(pool -> ClusterLoader.load(vertx, pool, columns));
        })
        .compose(loaded -> {
          load = loaded;
          return context.executeBlocking(() -> new LiveClusterIndex(loaded.index(), indexOptions, scanHelper));
        })
        .map(live -> {
          index = live;
          metrics.attach(live.metrics());
          lastPollNanos = System.nanoTime();
          tickTimer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
          LOGGER.info("cluster index {}: following channel {} ({} ids heard of during the load)", columns.table(),
              options.channel(), pending.size());
          pump();
          return this;
        })
        .onFailure(e -> {
          closed = true;
          subscriber.close();
        });
  }

  private void onPayload(String payload) {
    metrics.notifications.increment();
    ChangeNotice notice;
    try {
      notice = ChangeNotice.parse(payload);
    } catch (IllegalArgumentException e) {
      LOGGER.warn("cluster index {}: ignoring a notification on {}: {}", columns.table(), options.channel(),
          e.getMessage());
      return;
    }
    if (notice.overflow()) {
      metrics.overflows.increment();
      pollRequested = true;
    } else if (notice.truncated()) {
      rereadAllRequested = true;
    } else {
      pending.addAll(notice.ids());
    }
    pump();
  }

  /** Called after every LISTEN; every one after the first follows a lost connection. */
  private void onSubscribed() {
    if (++subscriptions > 1) {
      metrics.reconnects.increment();
      LOGGER.info("cluster index {}: listening on {} again; catching up by watermark", columns.table(),
          options.channel());
      pollRequested = true;
      pump();
    }
  }

  private void tick() {
    if (closed) {
      return;
    }
    if (System.nanoTime() - lastPollNanos >= options.pollInterval().toNanos()) {
      pollRequested = true;
    }
    index.mergeIfIdle(options.mergeIdle().toNanos());
    pump();
  }

  /** Starts the next step (a poll, or a batch of queued ids) unless one is under way. */
  private void pump() {
    if (busy || closed || index == null || System.nanoTime() < retryAfterNanos) {
      return;
    }
    if (rereadAllRequested) {
      rereadAllRequested = false;
      busy = true;
      context.executeBlocking(() -> index.snapshot().ids(), true)
          .map(ids -> {
            LOGGER.info("cluster index {}: the table was truncated; re-reading its {} ids", columns.table(),
                ids.length);
            pending.addAll(ids);
            return null;
          })
          .onComplete(ar -> stepDone(ar, () -> rereadAllRequested = true));
    } else if (pollRequested) {
      pollRequested = false;
      busy = true;
      lastPollNanos = System.nanoTime();
      poll().onComplete(ar -> stepDone(ar, () -> pollRequested = true));
    } else if (!pending.isEmpty()) {
      long oldest = pending.oldestNanos();
      long[] ids = pending.drain(options.idBatch());
      busy = true;
      reader.readByIds(index, ids, oldest)
          .compose(this::apply)
          .onComplete(ar -> stepDone(ar, () -> pending.addAll(ids)));
    }
  }

  private void stepDone(AsyncResult<?> result, Runnable retry) {
    busy = false;
    if (closed) {
      return;
    }
    if (result.failed()) {
      metrics.failures.increment();
      LOGGER.warn("cluster index {}: reading changes failed, retrying: {}", columns.table(),
          result.cause().toString());
      retry.run();
      retryAfterNanos = System.nanoTime() + RETRY_NANOS;
      return;
    }
    pump();
  }

  /** Builds and applies a batch on a worker (in order), then reports its tiles here. */
  private Future<Void> apply(ChangeBatch.Builder batch) {
    return context.executeBlocking(() -> index.apply(batch.build()), true).map(tiles -> {
      if (!tiles.isEmpty()) {
        try {
          listener.accept(tiles);
        } catch (RuntimeException e) {
          LOGGER.error("cluster index {}: the changed-tiles listener failed", columns.table(), e);
        }
      }
      return null;
    });
  }

  /** Catches up by watermark: changed rows page by page, then the deletion log. */
  private Future<Void> poll() {
    metrics.polls.increment();
    ChangeReader.Watermarks from = watermarks;
    return reader.now().compose(readAt -> reader
        .readChangedSince(index, from.updatedSince(options.lookback()), this::apply)
        .compose(updated -> reader.deletionsSince(from.deletedSince(options.lookback()))
            .compose(deletions -> {
              pending.addAll(deletions.ids());
              watermarks = new ChangeReader.Watermarks(later(from.updatedAt(), updated),
                  later(from.deletedAt(), deletions.newest()), readAt);
              return reader.purgeDeletions();
            })))
        .mapEmpty();
  }

  private static OffsetDateTime later(OffsetDateTime a, OffsetDateTime b) {
    return b.isAfter(a) ? b : a;
  }
}
