package io.tileserver.source.postgis;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.LimitsConfig;
import io.tileserver.config.ServerConfig.DatabaseConfig;
import io.tileserver.source.Deadline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;

/**
 * The connection pools tile queries run on: the primary's and each read replica's ({@link ReadPools}
 * decides which a query takes).
 *
 * <p>Session settings travel in the startup message rather than as {@code SET} statements after
 * connecting: PostgreSQL applies any run-time parameter named there as the session's value, so a
 * connection is ready the moment the pool hands it out and nothing can run before the settings do.
 *
 * <ul>
 *   <li>{@code statement_timeout}: a tile query slower than {@code database.statement-timeout-ms} is
 *       cancelled by the server (SQLSTATE 57014), which {@link PostgisErrors} turns into a 503.
 *   <li>{@code max_parallel_workers_per_gather}: {@code database.parallel-workers}, 0 by default;
 *       starting workers per tile query made tiles about 3× slower on a 2-core machine.
 *   <li>{@code jit}: off. A tile query whose cost estimate crosses {@code jit_above_cost} is
 *       compiled on every execution: over 10M listings a hand-written z15 tile query did, and
 *       pgbench fell from 6,247 to 173 tiles/s (issue 19; the server's own z15 SQL estimates
 *       ~2,000 and stays under it, lower zooms need not). A tile query reads a few thousand rows;
 *       compiling it never pays.
 *   <li>{@code application_name}: {@code tile-server}, so {@code pg_stat_activity} shows who runs what.
 *   <li>{@code plan_cache_mode}, in tile sessions only: {@code database.plan-cache-mode},
 *       {@code force_generic_plan} by default. Under {@code auto} PostgreSQL planned a tile statement
 *       afresh on every execution (the generic plan's estimate for {@code geom && <box>} never beats
 *       a custom plan's), 0.24 ms of a z15 tile's ~0.6 ms of database CPU; the generic plan is the
 *       same GiST index scan, planned once per connection. The other sessions keep {@code auto}: a
 *       change-feed read such as {@code updated_at > $1} needs its value to be planned as the index
 *       scan it is.
 * </ul>
 *
 * <p>Prepared statements are cached per connection, keyed by SQL text: each source builds one SQL
 * text per filter shape, so a tile query is parsed and planned once per connection and afterwards
 * only bound and executed (about 0.15 ms against 8.7 ms for a new connection per tile, measured).
 */
public final class PostgisPool {
  static final String APPLICATION_NAME = "tile-server";
  /** Enough for an index load per cluster source and the change feed at once; the rest is rare. */
  private static final int GENERAL_POOL_SIZE = 4;

  private PostgisPool() {}

  /**
   * The pool of tile sessions: {@code database.pool-size} connections. At most
   * {@code database.max-wait-queue} requests wait for one (later ones fail at once, which
   * {@link PostgisErrors} makes a {@code SourceBusyException}), and none waits longer than
   * {@code limits.request-deadline-ms}: by then its client has been answered, so the pool drops it
   * from the queue.
   *
   * @param name the {@code pool_name} of its {@code vertx_pool_*} meters
   */
  static Pool create(Vertx vertx, String name, DatabaseUrl url, DatabaseConfig config, LimitsConfig limits) {
    PoolOptions pool = new PoolOptions()
        .setName(name)
        .setMaxSize(config.poolSize())
        .setMaxWaitQueueSize(config.maxWaitQueue())
        .setConnectionTimeout(limits.requestDeadlineMs())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    PgConnectOptions tileSessions = connectOptions(url, config).addProperty("plan_cache_mode", config.planCacheMode());
    return PgBuilder.pool().with(pool).connectingTo(tileSessions).using(vertx).build();
  }

  /**
   * The pool for everything on a database but tile queries (the change feed's reads, discovery,
   * statistics refreshes, index loads, readiness): at most {@value #GENERAL_POOL_SIZE} connections,
   * closed after a minute idle, so this work never takes a tile query's connection and a database
   * only read at start-up holds none.
   */
  static Pool createGeneral(Vertx vertx, String name, DatabaseUrl url, DatabaseConfig config) {
    PoolOptions pool = new PoolOptions()
        .setName(name)
        .setMaxSize(GENERAL_POOL_SIZE)
        .setIdleTimeout(60)
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
    return PgBuilder.pool().with(pool).connectingTo(connectOptions(url, config)).using(vertx).build();
  }

  /**
   * Runs a tile query on a pooled connection, unless {@code deadline} passed while it waited for one:
   * its client has been answered 503 by then, and running it would only delay the queries behind it.
   *
   * @param what the source and tile, for the log
   */
  static Future<RowSet<Row>> query(Pool pool, String sql, Tuple parameters, Deadline deadline, String what) {
    // The pool gives up on a waiter at the deadline too; whichever notices first, it is the deadline.
    Future<SqlConnection> connection = pool.getConnection().recover(waitFailed -> Future.failedFuture(
        deadline.passed() ? deadline.exceeded(what + ": no database connection came free by the deadline") : waitFailed));
    return connection.compose(leased -> {
      if (deadline.passed()) {
        return leased.close().transform(closed -> Future.failedFuture(
            deadline.exceeded(what + ": a database connection came free only after the deadline; the query did not run")));
      }
      return leased.preparedQuery(sql).execute(parameters).eventually(leased::close);
    });
  }

  /** How connections other than tile sessions are opened (also by listeners that need one of their own). */
  public static PgConnectOptions connectOptions(DatabaseUrl url, DatabaseConfig config) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setCachePreparedStatements(true)
        .addProperty("application_name", APPLICATION_NAME)
        .addProperty("statement_timeout", Integer.toString(config.statementTimeoutMs()))
        .addProperty("jit", "off")
        .addProperty("max_parallel_workers_per_gather", Integer.toString(config.parallelWorkers()));
    if (url.user() != null) {
      connect.setUser(url.user());
    }
    if (url.password() != null) {
      connect.setPassword(url.password());
    }
    return connect;
  }
}
