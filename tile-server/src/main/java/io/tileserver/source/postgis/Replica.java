package io.tileserver.source.postgis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.LimitsConfig;
import io.tileserver.config.ServerConfig.DatabaseConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read replica: its pool, whether it takes reads now (in after answering a probe, out after a
 * failed probe or a lost connection), its last probed lag, and its meters. Its name everywhere — logs,
 * meters, {@code /ready} — is {@code host:port/database}, never the URL, which may hold a password.
 */
final class Replica {
  private static final Logger LOGGER = LoggerFactory.getLogger(Replica.class);
  /**
   * Seconds since the last replayed transaction, 0 when the standby has replayed all it received: an
   * idle primary commits nothing, so the replay timestamp alone would age without any lag. A standby
   * that has replayed no transaction since it started counts from its start; a server that is not a
   * standby has no lag.
   */
  private static final String LAG = "SELECT CASE WHEN NOT pg_is_in_recovery()"
      + " OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
      + " ELSE extract(epoch FROM now() - coalesce(pg_last_xact_replay_timestamp(), pg_postmaster_start_time()))"
      + " END::float8";
  private static final long MAX_REPLAY_WAIT_MILLIS = 10_000;
  private static final long REPLAY_POLL_MILLIS = 100;
  /** NULL (not a standby) counts as not replayed: nothing says it follows this primary. */
  private static final String REPLAYED_UP_TO = "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)";

  private final String name;
  private final Pool pool;
  /** One connection of the probe's own: a read pool busy with tiles must not fail the probe. */
  private final Pool probePool;
  private final Counter fallbacks;
  private final AtomicBoolean up = new AtomicBoolean();
  private volatile String outReason = "not probed yet";
  private volatile double lagSeconds = Double.NaN;

  private Replica(String name, Pool pool, Pool probePool, MeterRegistry registry) {
    this.name = name;
    this.pool = pool;
    this.probePool = probePool;
    Gauge.builder("tiles_db_replica_lag_seconds", this, r -> r.lagSeconds)
        .description("Seconds since the replica's last replayed transaction, 0 when it has caught up; NaN while out")
        .tag("replica", name).register(registry);
    Gauge.builder("tiles_db_replica_up", this, r -> r.up.get() ? 1 : 0)
        .description("1 while the replica takes reads, 0 while it is out").tag("replica", name).register(registry);
    this.fallbacks = Counter.builder("tiles_db_replica_fallbacks")
        .description("Reads retried on or sent to the primary instead of this replica").tag("replica", name)
        .register(registry);
  }

  /** Starts out of rotation until its first probe answers. */
  static Replica create(Vertx vertx, DatabaseUrl url, DatabaseConfig config, LimitsConfig limits,
      MeterRegistry registry) {
    String name = url.host() + ":" + url.port() + "/" + url.database();
    Pool reads = PostgisPool.create(vertx, "tile-server-postgis-replica " + name, url, config, limits);
    Pool probes = PgBuilder.pool()
        .with(new PoolOptions().setName("tile-server-replica-probe " + name).setMaxSize(1).setMaxWaitQueueSize(1)
            .setConnectionTimeout(config.replicaProbeMs()).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .connectingTo(PostgisPool.connectOptions(url, config)).using(vertx).build();
    return new Replica(name, reads, probes, registry);
  }

  String name() {
    return name;
  }

  Pool pool() {
    return pool;
  }

  boolean up() {
    return up.get();
  }

  /** A read meant for this replica went to the primary. */
  void fellBack() {
    fallbacks.increment();
  }

  /**
   * Asks for the lag: in when it answers within {@code timeoutMs}, out when it fails or does not
   * answer. Completes (never fails) once the verdict is in.
   *
   * <p>An out replica comes in only once it has replayed what the primary has committed now
   * ({@code primaryPosition}): changes committed while it was out were retired without waiting for
   * it, so a lagging replica taken in would rebuild their tiles from the old rows and cache them
   * under the new version. A replica a moment behind (one just started, streaming) is waited for,
   * up to half the probe's time and at most {@value #MAX_REPLAY_WAIT_MILLIS} ms. When the primary
   * does not say where it is within a quarter of the time (it is down), the replica comes in on its
   * answer alone: it is then all there is to read.
   */
  Future<Void> probe(Vertx vertx, long timeoutMs, Supplier<Future<String>> primaryPosition) {
    Promise<Double> answer = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> answer.tryFail(new TimeoutException("no answer within " + timeoutMs
        + " ms (database.replica-probe-ms)")));
    long replayWaitEnd = System.nanoTime()
        + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMs / 2, MAX_REPLAY_WAIT_MILLIS));
    Future<Double> asked = up.get() ? lag() : primaryPosition.get()
        .timeout(timeoutMs / 4, TimeUnit.MILLISECONDS)
        .transform(position -> position.succeeded()
            ? lagOnceReplayed(vertx, position.result(), replayWaitEnd) : lag());
    asked.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        answer.tryComplete(ar.result());
      } else {
        answer.tryFail(ar.cause());
      }
    });
    return answer.future().onSuccess(this::answered).onFailure(this::out).otherwiseEmpty().mapEmpty();
  }

  private Future<Double> lag() {
    return probePool.query(LAG).execute().map(rows -> rows.iterator().next().getDouble(0));
  }

  /** The lag once the replica has replayed up to {@code position}; a failure when it has not by {@code endNanos}. */
  private Future<Double> lagOnceReplayed(Vertx vertx, String position, long endNanos) {
    return replayed(vertx, probePool, position, endNanos).compose(done -> done ? lag()
        : Future.failedFuture(new IllegalStateException(
            "replaying: not yet up to the primary's WAL position " + position + " of when it was probed")));
  }

  /**
   * Asks the replica through {@code pool} every {@value #REPLAY_POLL_MILLIS} ms whether it has
   * replayed up to {@code position}, until it has or {@code untilNanos} passes.
   */
  static Future<Boolean> replayed(Vertx vertx, Pool pool, String position, long untilNanos) {
    return pool.preparedQuery(REPLAYED_UP_TO).execute(Tuple.of(position))
        .map(rows -> rows.iterator().next().getBoolean(0))
        .compose(done -> {
          if (done || System.nanoTime() > untilNanos) {
            return Future.succeededFuture(done);
          }
          Promise<Void> later = Promise.promise();
          vertx.setTimer(REPLAY_POLL_MILLIS, t -> later.complete());
          return later.future().compose(v -> replayed(vertx, pool, position, untilNanos));
        });
  }

  private void answered(double lag) {
    lagSeconds = lag;
    if (up.compareAndSet(false, true)) {
      LOGGER.info("read replica {} answers (lag {} s): tile reads and index loads go to it", name, lag);
    }
  }

  /** Takes it out of rotation until a probe answers again (a failed probe, or a read that lost its connection). */
  void out(Throwable why) {
    lagSeconds = Double.NaN;
    outReason = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
    if (up.compareAndSet(true, false)) {
      LOGGER.warn("read replica {} is out ({}): its reads go to the other replicas or the primary until it"
          + " answers a probe", name, outReason);
    }
  }

  /** For {@code /ready}: {@code {"status":"ok","lag_seconds":0.0}} or {@code {"status":"out","reason":…}}. */
  JsonObject status() {
    if (up.get()) {
      return new JsonObject().put("status", "ok").put("lag_seconds", lagSeconds);
    }
    return new JsonObject().put("status", "out").put("reason", outReason)
        .put("reads", "go to the other replicas or the primary until it answers a probe");
  }

  Future<Void> close() {
    return Future.all(pool.close(), probePool.close()).mapEmpty();
  }
}
