package io.tileserver.cluster.sync;

import static io.tileserver.testing.TestSql.count;
import static io.tileserver.testing.TestSql.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.testing.Waits;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The watermark poll over a table whose rows share one {@code updated_at}, as after a bulk load or a
 * bulk re-scrape in one statement: each change is read, and once the table is quiet a poll reads no
 * row again. Polls here run every second with a lookback of one second.
 */
class ClusterSyncPollTest {
  private static final int LISTINGS = 3_000;
  private static final String LISTENER = "cluster-sync-poll-test";
  private static final Duration LOOKBACK = Duration.ofSeconds(1);
  private static FollowedTable table;
  private static ClusterSync sync;

  @BeforeAll
  static void start() throws Exception {
    SyncOptions defaults = SyncOptions.defaults();
    SyncOptions options = new SyncOptions(defaults.channel(), defaults.updatedAtColumn(), 1_000, 1_000,
        Duration.ofSeconds(1), LOOKBACK, defaults.mergeIdle(), defaults.deletionRetention(), defaults.reconnectDelay(),
        LISTENER);
    table = FollowedTable.start("cluster_sync_poll", 72, LISTINGS, options, LiveIndexOptions.defaults(), tiles -> {});
    sync = table.sync;
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aBulkUpdateIsReadAndAfterItPollsOfTheQuietTableReadNoRowAgain() throws Exception {
    long placed = count(table.db, "SELECT count(*) FROM properties WHERE geom IS NOT NULL");
    long read = sync.metrics().rowsRead();
    long applied = sync.metrics().index().changesApplied();
    execute(table.db, "UPDATE properties SET price = coalesce(price, 0) + 1");
    Waits.until("every updated row applied", Duration.ofSeconds(20),
        () -> sync.metrics().index().changesApplied() - applied == placed);
    assertThat(sync.metrics().rowsRead() - read).as("rows read for the update").isGreaterThanOrEqualTo(LISTINGS);
    // The first poll after the update reads it (its watermark is older), and so may the next, if it
    // starts within the lookback of the first; from the third on none may. Polls run one at a time,
    // so when the third has started the second is done.
    awaitPolls(3, "three polls after the update");
    long settled = sync.metrics().rowsRead();
    awaitPolls(3, "three more polls");
    assertThat(sync.metrics().rowsRead() - settled).as("rows read by three polls of a quiet table").isZero();
    assertThat(sync.index().size()).isEqualTo(placed);
  }

  private static void awaitPolls(int polls, String what) {
    long from = sync.metrics().polls();
    Waits.until(what, Duration.ofSeconds(10 + 3L * polls), () -> sync.metrics().polls() >= from + polls);
  }
}
