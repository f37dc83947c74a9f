package io.tileserver.source.postgis;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.LimitsConfig;
import io.tileserver.config.ServerConfig.DatabaseConfig;
import io.tileserver.source.Deadline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the server's reads go, decided here and nowhere else. Tile queries of table and function
 * sources and cluster index loads go to the read replicas ({@code database.replicas}) in turn,
 * skipping the ones that are out; with none configured or none in, to the primary. A replica read
 * that fails because the replica did (lost or refused connection, shutting down, a conflict with
 * recovery) is run once more on the primary, so a dying replica costs no tile. Everything else uses
 * {@link #primary()}: LISTEN/NOTIFY and the change feed's reads (a standby hears no NOTIFY, and may
 * not yet have the rows a notification names), source discovery, migrations, loaders, admin, and
 * {@code /ready}'s check.
 */
public final class ReadPools {
  private static final Logger LOGGER = LoggerFactory.getLogger(ReadPools.class);
  /** How long an index load waits for a replica to replay what the primary had committed, before using the primary. */
  private static final long CATCH_UP_MILLIS = 10_000;
  /**
   * The insert position, not {@code pg_current_wal_lsn()} (the write position): with
   * {@code synchronous_commit = off} a commit returns, and its NOTIFY is heard, before its commit
   * record is written out, so a replica that had replayed up to the write position could still
   * show the old rows (ReplicaRoutingTest caught it on the local services, which run that way).
   * Asked in a transaction that takes an xid and commits synchronously, so everything up to the
   * position is flushed and streamed: an idle primary can leave records past its last commit
   * unflushed for good, and a replica would never reach the bare insert position (ReadPoolsTest).
   */
  private static final String PRIMARY_POSITION = "SELECT pg_current_wal_insert_lsn()::text, txid_current()";

  private final Vertx vertx;
  /** The primary's tile sessions ({@link PostgisPool#create}). */
  private final Pool tiles;
  /** The primary's pool for the rest ({@link PostgisPool#createGeneral}). */
  private final Pool primary;
  private final List<Replica> replicas;
  private final AtomicInteger turn = new AtomicInteger();
  /** The first probe of every replica: index loads wait for it, so a healthy replica is not passed over at start. */
  private final Future<Void> firstProbes;
  private final long probeTimer;

  private ReadPools(Vertx vertx, Pool tiles, Pool primary, List<Replica> replicas, Future<Void> firstProbes,
      long probeTimer) {
    this.vertx = vertx;
    this.tiles = tiles;
    this.primary = primary;
    this.replicas = replicas;
    this.firstProbes = firstProbes;
    this.probeTimer = probeTimer;
  }

  /**
   * The primary's pool of tile sessions and one per replica ({@code database.pool-size} connections
   * each), the primary's general pool, and the replicas probed every {@code database.replica-probe-ms}
   * from now on.
   *
   * @param name the tile pool's name in metrics ({@code tile-server-postgis} for the main database);
   *     the general pool's is {@code name + " general"}
   */
  public static ReadPools create(Vertx vertx, String name, DatabaseUrl primary, DatabaseConfig config,
      LimitsConfig limits, MeterRegistry registry) {
    Pool tiles = PostgisPool.create(vertx, name, primary, config, limits);
    Pool pool = PostgisPool.createGeneral(vertx, name + " general", primary, config);
    List<Replica> replicas = new ArrayList<>();
    for (DatabaseUrl url : config.replicaUrls()) {
      replicas.add(Replica.create(vertx, url, config, limits, registry));
    }
    long timer = -1;
    long every = config.replicaProbeMs();
    Supplier<Future<String>> position = () -> primaryPosition(pool);
    Future<Void> first = Future.join(replicas.stream().map(r -> r.probe(vertx, every, position)).toList()).mapEmpty();
    if (!replicas.isEmpty()) {
      timer = vertx.setPeriodic(every, id -> replicas.forEach(r -> r.probe(vertx, every, position)));
      LOGGER.info("read replicas: {}", replicas.stream().map(Replica::name).toList());
    }
    return new ReadPools(vertx, tiles, pool, List.copyOf(replicas), first, timer);
  }

  /** The primary, for all but tile queries: writes, the change feed, the catalog, statistics refreshes. */
  public Pool primary() {
    return primary;
  }

  /** Whether any replica is configured (then {@code /ready} reports them). */
  public boolean hasReplicas() {
    return !replicas.isEmpty();
  }

  /** Whether a replica is in: tiles can then be read while the primary is down. */
  public boolean anyReplicaUp() {
    return replicas.stream().anyMatch(Replica::up);
  }

  /** A tile query ({@link PostgisPool#query}) on the next replica in, else on the primary. */
  public Future<RowSet<Row>> query(String sql, Tuple parameters, Deadline deadline, String what) {
    Replica replica = nextIn();
    if (replica == null) {
      return PostgisPool.query(tiles, sql, parameters, deadline, what);
    }
    return PostgisPool.query(replica.pool(), sql, parameters, deadline, what).recover(e -> {
      if (!replicaFailed(replica, e)) {
        return Future.failedFuture(e);
      }
      return PostgisPool.query(tiles, sql, parameters, deadline, what + " (on the primary after replica "
          + replica.name() + " failed)");
    });
  }

  /**
   * Runs a bulk read (a cluster index load) on the next replica in once it has replayed everything
   * the primary had committed when this was called, else on the primary. Call it after the change
   * feed listens: what commits later is heard of, what committed earlier is in the read, so a lagging
   * replica never loads an index older than the feed's starting point.
   */
  public <T> Future<T> load(Function<Pool, Future<T>> read) {
    return firstProbes.compose(v -> loadAfterProbes(read));
  }

  private <T> Future<T> loadAfterProbes(Function<Pool, Future<T>> read) {
    Replica replica = nextIn();
    if (replica == null) {
      return read.apply(primary);
    }
    long until = System.nanoTime() + CATCH_UP_MILLIS * 1_000_000;
    return primaryPosition(primary)
        .compose(position -> Replica.replayed(vertx, replica.pool(), position, until)
            .transform(caughtUp -> {
              if (caughtUp.failed()) {
                return replicaFailed(replica, caughtUp.cause()) ? read.apply(primary)
                    : Future.failedFuture(caughtUp.cause());
              }
              if (!caughtUp.result()) {
                LOGGER.warn("read replica {} has not replayed the primary's WAL up to {} within {} ms;"
                    + " loading from the primary", replica.name(), position, CATCH_UP_MILLIS);
                replica.fellBack();
                return read.apply(primary);
              }
              return read.apply(replica.pool())
                  .recover(e -> replicaFailed(replica, e) ? read.apply(primary) : Future.failedFuture(e));
            }));
  }

  /**
   * Completes with true once every replica in has replayed what the primary has committed now, so
   * a tile read after it sees every change committed before the call; with false when one has not
   * within {@code withinMillis} (or failed). Without replicas, true at once.
   */
  public Future<Boolean> replicasCaughtUp(long withinMillis) {
    List<Replica> in = replicas.stream().filter(Replica::up).toList();
    if (in.isEmpty()) {
      return Future.succeededFuture(true);
    }
    long until = System.nanoTime() + withinMillis * 1_000_000;
    return primaryPosition(primary)
        .compose(position -> Future.all(in.stream()
            .map(r -> Replica.replayed(vertx, r.pool(), position, until).otherwise(false)).toList()))
        .map(all -> all.<Boolean>list().stream().allMatch(Boolean::booleanValue));
  }

  /** What the primary has committed now, as a WAL position that its replicas will reach. */
  private static Future<String> primaryPosition(Pool primary) {
    return primary.withTransaction(connection -> connection.query("SET LOCAL synchronous_commit = on").execute()
        .compose(set -> connection.query(PRIMARY_POSITION).execute())
        .map(rows -> rows.iterator().next().getString(0)));
  }

  /**
   * True when {@code e} is the replica's failure, not the read's: the read then goes to the primary
   * (counted), and a replica that lost its connection is taken out until a probe answers.
   */
  private static boolean replicaFailed(Replica replica, Throwable e) {
    boolean lost = PostgisErrors.databaseLost(e);
    if (!lost && !PostgisErrors.recoveryConflict(e)) {
      return false;
    }
    if (lost) {
      replica.out(e);
    }
    replica.fellBack();
    return true;
  }

  /**
   * The next replica in rotation that is in; null when none is configured or none is in. A read
   * that finds none goes to the primary and counts as a fallback of the replica whose turn it was.
   */
  private Replica nextIn() {
    if (replicas.isEmpty()) {
      return null;
    }
    int first = Math.floorMod(turn.getAndIncrement(), replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      Replica candidate = replicas.get((first + i) % replicas.size());
      if (candidate.up()) {
        return candidate;
      }
    }
    replicas.get(first).fellBack();
    return null;
  }

  /** Each replica's state by name, for {@code /ready}. */
  public JsonObject status() {
    JsonObject status = new JsonObject();
    replicas.forEach(r -> status.put(r.name(), r.status()));
    return status;
  }

  /** Stops probing and closes every pool. */
  public Future<Void> close() {
    if (probeTimer >= 0) {
      vertx.cancelTimer(probeTimer);
    }
    List<Future<Void>> closed = new ArrayList<>();
    closed.add(tiles.close());
    closed.add(primary.close());
    replicas.forEach(r -> closed.add(r.close()));
    return Future.join(closed).mapEmpty();
  }
}
