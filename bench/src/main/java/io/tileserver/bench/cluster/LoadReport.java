package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterLoad;
import io.tileserver.cluster.ClusterLoader;
import io.tileserver.config.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Loads the cluster index from a real table once and prints the read and sort times: the
 * "10M rows loaded" figure. A load is a one-off at start, so it is timed once, not by JMH.
 *
 * <p>Usage: {@code LoadReport postgresql://user:pass@host:port/db [table]}
 */
public final class LoadReport {
  private LoadReport() {}

  public static void main(String[] args) {
    DatabaseUrl db = DatabaseUrl.parse(args[0]);
    ClusterColumns defaults = ClusterColumns.properties();
    ClusterColumns columns = args.length > 1
        ? new ClusterColumns(args[1], defaults.id(), defaults.geometry(), defaults.price(), defaults.bedrooms(),
            defaults.bathrooms(), defaults.sqft(), defaults.propertyType(), defaults.status())
        : defaults;
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.database())
            .setUser(db.user()).setPassword(db.password()))
        .using(vertx)
        .build();
    try {
      ClusterLoad load = ClusterLoader.load(vertx, pool, columns).await();
      System.out.printf("rows=%d points=%d withoutGeometry=%d readMs=%d buildMs=%d rowsPerSecond=%d%n",
          load.rowsRead(), load.index().size(), load.rowsWithoutGeometry(), load.readMillis(), load.buildMillis(),
          load.rowsRead() * 1000 / Math.max(1, load.readMillis() + load.buildMillis()));
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
