package io.tileserver.source.postgis;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.ServerConfig.DatabaseConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The connection pool tile queries run on.
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
 *   <li>{@code application_name}: {@code tile-server}, so {@code pg_stat_activity} shows who runs what.
 * </ul>
 *
 * <p>Prepared statements are cached per connection, keyed by SQL text: each source builds one SQL
 * text per filter shape, so a tile query is parsed and planned once per connection and afterwards
 * only bound and executed (about 0.15 ms against 8.7 ms for a new connection per tile, measured).
 * Pipelining lets a connection carry a few queries in flight, which the pool uses when it is busy.
 */
public final class PostgisPool {
  static final String APPLICATION_NAME = "tile-server";
  /** Queries a connection may carry in flight at once. */
  private static final int PIPELINING_LIMIT = 4;

  private PostgisPool() {}

  /**
   * A pool of {@code database.pool-size} connections; at most {@code database.max-wait-queue}
   * requests wait for one and later ones fail at once, which {@link PostgisErrors} makes a
   * {@code SourceBusyException}. A waiter's wait is bounded without a timer of its own: the queue is
   * bounded and every query ahead of it by the statement timeout.
   */
  public static Pool create(Vertx vertx, DatabaseUrl url, DatabaseConfig config) {
    PoolOptions pool = new PoolOptions()
        .setName("tile-server-postgis")
        .setMaxSize(config.poolSize())
        .setMaxWaitQueueSize(config.maxWaitQueue());
    return PgBuilder.pool().with(pool).connectingTo(connectOptions(url, config)).using(vertx).build();
  }

  /** How the pool's connections are opened (also used by listeners that need a connection of their own). */
  public static PgConnectOptions connectOptions(DatabaseUrl url, DatabaseConfig config) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(PIPELINING_LIMIT)
        .addProperty("application_name", APPLICATION_NAME)
        .addProperty("statement_timeout", Integer.toString(config.statementTimeoutMs()))
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
