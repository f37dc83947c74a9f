package io.tileserver.cluster.sync;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.cluster.ChangedTiles;
import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.source.postgis.ReadPools;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A fresh database of generated listings and a {@link ClusterSync} following its table: the fixture of
 * the sync tests.
 */
final class FollowedTable implements AutoCloseable {
  final DatabaseUrl db;
  final ClusterSync sync;
  private final Vertx vertx;
  private final ReadPools reads;

  private FollowedTable(DatabaseUrl db, Vertx vertx, ReadPools reads, ClusterSync sync) {
    this.db = db;
    this.vertx = vertx;
    this.reads = reads;
    this.sync = sync;
  }

  /** Writes {@code listings} generated from {@code seed} into a fresh database, then follows them. */
  static FollowedTable start(String database, long seed, int listings, SyncOptions options,
      LiveIndexOptions indexOptions, Consumer<ChangedTiles> listener) throws Exception {
    DatabaseUrl db = TestServices.freshDatabase(database);
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(seed, listings)), n -> {});
    TestSql.execute(db, "ANALYZE properties");
    Vertx vertx = Vertx.vertx();
    PgConnectOptions connect = new PgConnectOptions().setHost(db.host()).setPort(db.port())
        .setDatabase(db.database()).setUser(db.user()).setPassword(db.password());
    ServerConfig config = new ConfigLoader(new EnvSubstitution(name -> null)).parse("database: {pool-size: 4}");
    ReadPools reads = ReadPools.create(vertx, "tile-server-postgis", db, config.database(), config.limits(),
        new SimpleMeterRegistry());
    ClusterSync sync = Waits.await("the index loads and follows the table", Duration.ofMinutes(2),
        ClusterSync.start(vertx, reads, connect, ClusterColumns.properties(), indexOptions, options, null, listener));
    return new FollowedTable(db, vertx, reads, sync);
  }

  @Override
  public void close() {
    sync.close().await();
    reads.close().await();
    vertx.close().await();
  }
}
