package io.tileserver.source.changes;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.cache.TileInvalidator;
import io.tileserver.source.postgis.ReadPools;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires the tiles of table and function sources when their tables change: one LISTEN connection
 * on the primary (a standby hears no NOTIFY) for every channel of a {@link FollowPlan}; each
 * notification's boxes become tiles of every source following that channel
 * ({@link FollowingSource#tiles}), retired through {@link TileInvalidator} in L1, L2 (and on every
 * other instance, through Redis) and at the CDN. Overflow, TRUNCATE, too many tiles and a gap in
 * listening (a reconnect: notifications may have been lost) bump the source's version instead.
 *
 * <p>With read replicas, a batch is invalidated only once every replica in has replayed what the
 * primary had committed when the batch was taken, so no rebuild under the new version reads the
 * old rows. When a replica does not catch up in time the batch is invalidated anyway, and again after
 * every further wait until the replicas in rotation have replayed it, which retires whatever stale
 * bytes were cached in between. Notifications
 * arriving meanwhile queue up and go as one batch. State is confined to one context.
 */
public final class TileChangeFollower {
  private static final Logger LOGGER = LoggerFactory.getLogger(TileChangeFollower.class);
  /** As the cluster sync's listener: at most 5 s behind a primary that is back. */
  private static final long MAX_RECONNECT_DELAY_MILLIS = 5_000;
  private static final long FIRST_RECONNECT_DELAY_MILLIS = 250;
  private static final long REPLICA_WAIT_MILLIS = 10_000;
  private static final String LISTENER_NAME = "tileserver-tile-changes";

  private final Vertx vertx;
  private final Context context;
  private final ReadPools reads;
  private final FollowPlan plan;
  private final TileInvalidator invalidator;
  private final int maxTiles;
  private final TileChangeMetrics metrics;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Map<String, Integer> subscriptions = new HashMap<>();
  private PgSubscriber subscriber;
  private boolean busy;
  private boolean closed;

  /** A notification heard on a channel. */
  private record Pending(String channel, TileChangeNotice notice) {}

  private TileChangeFollower(Vertx vertx, ReadPools reads, FollowPlan plan, TileInvalidator invalidator,
      int maxTiles, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.reads = reads;
    this.plan = plan;
    this.invalidator = invalidator;
    this.maxTiles = maxTiles;
    this.metrics = new TileChangeMetrics(registry);
  }

  /**
   * Listens on every channel of {@code plan} (none: does nothing); completes once listening.
   *
   * @param connect the primary, where the listening connection goes (one extra connection)
   * @param maxTiles {@code invalidation.max-tiles}: a change touching more tiles of a source bumps it
   */
  public static Future<TileChangeFollower> start(Vertx vertx, ReadPools reads, PgConnectOptions connect,
      FollowPlan plan, TileInvalidator invalidator, int maxTiles, MeterRegistry registry) {
    TileChangeFollower follower = new TileChangeFollower(vertx, reads, plan, invalidator, maxTiles, registry);
    if (plan.isEmpty()) {
      return Future.succeededFuture(follower);
    }
    Promise<TileChangeFollower> started = Promise.promise();
    follower.context.runOnContext(v -> follower.listen(connect).map(follower).onComplete(started));
    return started.future();
  }

  private Future<Void> listen(PgConnectOptions connect) {
    Map<String, String> properties = new HashMap<>(connect.getProperties());
    properties.put("application_name", LISTENER_NAME);
    subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions(connect).setProperties(properties));
    subscriber.reconnectPolicy(attempt ->
        Math.min(MAX_RECONNECT_DELAY_MILLIS, FIRST_RECONNECT_DELAY_MILLIS << Math.min(attempt, 16)));
    plan.channels().forEach((channel, sources) -> {
      subscriber.channel(channel)
          .handler(payload -> context.runOnContext(v -> onPayload(channel, payload)))
          .subscribeHandler(v -> context.runOnContext(x -> onSubscribed(channel)));
      LOGGER.info("following tile changes on {} for {}", channel,
          sources.stream().map(FollowingSource::id).toList());
    });
    return subscriber.connect().onFailure(e -> closed = true);
  }

  private void onPayload(String channel, String payload) {
    TileChangeNotice notice;
    try {
      notice = TileChangeNotice.parse(payload);
    } catch (IllegalArgumentException e) {
      LOGGER.warn("ignoring a notification on {}: {}", channel, e.getMessage());
      return;
    }
    plan.channels().get(channel).forEach(source -> metrics.received(source.id()));
    queue.add(new Pending(channel, notice));
    pump();
  }

  /** Called after every LISTEN; every one after the first follows a lost connection. */
  private void onSubscribed(String channel) {
    if (subscriptions.merge(channel, 1, Integer::sum) > 1) {
      LOGGER.info("listening on {} again; notifications may have been lost, so its sources are bumped", channel);
      queue.add(new Pending(channel, TileChangeNotice.gap(System.currentTimeMillis())));
      pump();
    }
  }

  /** Takes everything queued as one batch, unless one is under way. */
  private void pump() {
    if (busy || closed || queue.isEmpty()) {
      return;
    }
    busy = true;
    List<Pending> batch = new ArrayList<>(queue);
    queue.clear();
    reads.replicasCaughtUp(REPLICA_WAIT_MILLIS)
        .compose(caughtUp -> {
          if (!caughtUp) {
            metrics.replicaWaitTimedOut();
            LOGGER.warn("a read replica has not replayed {} change(s) within {} ms; retiring their tiles now and"
                + " again after each further wait until it has", batch.size(), REPLICA_WAIT_MILLIS);
            queue.addAll(batch);
          }
          return invalidate(batch);
        })
        .onComplete(ar -> {
          busy = false;
          if (ar.failed()) {
            LOGGER.warn("retiring changed tiles failed: {}", ar.cause().toString());
          }
          pump();
        });
  }

  private Future<Void> invalidate(List<Pending> batch) {
    Map<FollowingSource, Set<Bounds>> boxes = new LinkedHashMap<>();
    Map<FollowingSource, String> bumps = new LinkedHashMap<>();
    Map<FollowingSource, Long> oldest = new HashMap<>();
    for (Pending pending : batch) {
      for (FollowingSource source : plan.channels().get(pending.channel())) {
        oldest.merge(source, pending.notice().sentAtMillis(), Math::min);
        if (pending.notice().bump()) {
          bumps.putIfAbsent(source, pending.notice().reason());
        } else {
          boxes.computeIfAbsent(source, s -> new LinkedHashSet<>()).addAll(pending.notice().boxes());
        }
      }
    }
    List<Future<?>> done = new ArrayList<>();
    boxes.forEach((source, changed) -> {
      if (bumps.containsKey(source)) {
        return;
      }
      Optional<List<TileCoord>> tiles = source.tiles(changed, maxTiles);
      if (tiles.isEmpty()) {
        bumps.put(source, "max-tiles");
        return;
      }
      metrics.invalidated(source.id(), tiles.get().size());
      done.add(invalidator.invalidateTiles(source.id(), tiles.get()).onSuccess(o -> lag(source, oldest)));
    });
    bumps.forEach((source, reason) -> {
      metrics.bumped(source.id(), reason);
      done.add(invalidator.bumpVersion(source.id()).onSuccess(o -> lag(source, oldest)));
    });
    return Future.join(done).mapEmpty();
  }

  private void lag(FollowingSource source, Map<FollowingSource, Long> oldest) {
    metrics.lag(source.id(), System.currentTimeMillis() - oldest.get(source));
  }

  /** Stops listening; a batch under way still completes. */
  public Future<Void> close() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      (subscriber == null ? Future.<Void>succeededFuture() : subscriber.close()).onComplete(stopped);
    });
    return stopped.future();
  }
}
