package io.tileserver.cluster.sync;

import static io.tileserver.cluster.sync.ClusterSyncTest.awaitUntil;
import static io.tileserver.testing.TestSql.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.cluster.ChangedTiles;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live index following a TRUNCATE of its table (changeset 009), on a real PostGIS table. */
class ClusterSyncTruncateTest {
  private static final int LISTINGS = 3_000;
  private static final List<ChangedTiles> REPORTED = new CopyOnWriteArrayList<>();
  private static FollowedTable table;
  private static DatabaseUrl db;
  private static ClusterSync sync;

  @BeforeAll
  static void start() throws Exception {
    SyncOptions options = SyncOptions.defaults().withListenerName("cluster-truncate-test")
        .withPollInterval(Duration.ofHours(1));
    table = FollowedTable.start("cluster_truncate", 73, LISTINGS, options,
        LiveIndexOptions.defaults().withChangedTilesMaxZoom(12), REPORTED::add);
    db = table.db;
    sync = table.sync;
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static long reportedPoints() {
    return REPORTED.stream().mapToLong(ChangedTiles::changedPoints).sum();
  }

  @Test
  void aTruncateEmptiesTheIndexAndEveryRemovedPointIsReported() throws Exception {
    long held = sync.index().size();
    long appliedBefore = sync.metrics().index().changesApplied();
    long reportedBefore = reportedPoints();
    execute(db, "TRUNCATE properties");
    awaitUntil(Duration.ofSeconds(10), "the index to be empty and every removal reported",
        () -> sync.index().size() == 0 && reportedPoints() - reportedBefore == held);
    assertThat(sync.metrics().index().changesApplied() - appliedBefore).isEqualTo(held);
  }

  @Test
  void rowsInsertedInTheTruncatingTransactionAreAllTheIndexHoldsAfterwards() throws Exception {
    try (Connection jdbc = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        Statement st = jdbc.createStatement()) {
      jdbc.setAutoCommit(false);
      st.execute("TRUNCATE properties");
      st.execute("INSERT INTO properties (id, external_id, latitude, longitude, price, property_type) VALUES"
          + " (7001, 'kept-1', 40.75, -73.99, 650000, 'condo'), (7002, 'kept-2', 51.5, -0.12, 900000, 'house')");
      jdbc.commit();
    }
    awaitUntil(Duration.ofSeconds(10), "the index to hold exactly the two new rows",
        () -> Arrays.equals(sorted(sync.index().snapshot().ids()), new long[] {7001, 7002}));
  }

  private static long[] sorted(long[] ids) {
    long[] copy = ids.clone();
    Arrays.sort(copy);
    return copy;
  }
}
