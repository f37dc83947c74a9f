package io.tileserver.cluster.sync;

import static io.tileserver.testing.TestSql.count;
import static io.tileserver.testing.TestSql.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.cluster.ChangedTiles;
import io.tileserver.cluster.ClusterCells;
import io.tileserver.cluster.ClusterFilter;
import io.tileserver.cluster.ClusterSnapshot;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.cluster.LiveIndexOptions;
import io.tileserver.cluster.MortonKey;
import io.tileserver.cluster.RowSelection;
import io.tileserver.cluster.SqlTileOracle;
import io.tileserver.cluster.TilePoints;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import io.tileserver.testing.Waits;
import io.tileserver.tile.TileCoord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live index following a real PostGIS table through the change feed: notifications, overflow
 * polls, a dropped listening connection. Converged means the index's tiles equal SQL over the same
 * tiles; the changed tiles reported are compared with the tiles whose content differs.
 */
class ClusterSyncTest {
  private static final int LISTINGS = 20_000;
  private static final int REPORT_MAX_ZOOM = 16;
  private static final String LISTENER = "cluster-sync-test";
  private static FollowedTable table;
  private static DatabaseUrl db;
  private static ClusterSync sync;
  private static Connection jdbc;
  private static final List<ChangedTiles> REPORTED = new CopyOnWriteArrayList<>();
  private static final FilterSet MIN_PRICE_400K = FilterSet.parse(
      Map.of("minPrice", new FilterSpec("price", FilterOp.GE, FilterType.INT, null, null, null, null)),
      Map.of("minPrice", List.of("400000")));

  @BeforeAll
  static void start() throws Exception {
    SyncOptions options = SyncOptions.defaults().withListenerName(LISTENER).withPollInterval(Duration.ofHours(1))
        .withBatches(1_000, 2_000);
    LiveIndexOptions indexOptions = LiveIndexOptions.defaults().withChangedTilesMaxZoom(REPORT_MAX_ZOOM)
        .withMergeRows(2_000);
    table = FollowedTable.start("cluster_sync", 71, LISTINGS, options, indexOptions, REPORTED::add);
    db = table.db;
    sync = table.sync;
    jdbc = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
  }

  @AfterAll
  static void stop() throws Exception {
    table.close();
    jdbc.close();
  }

  static void awaitUntil(Duration deadline, String what, BooleanSupplier condition) {
    Waits.until(what, deadline, condition);
  }

  /** Every listed tile's count and price figures equal SQL's, unfiltered and with a price filter. */
  private static boolean matchesSql(Set<TileCoord> tiles) {
    LiveClusterIndex index = sync.index();
    ClusterCells cells = new ClusterCells();
    try {
      if (index.size() != count(db, "SELECT count(*) FROM properties WHERE geom IS NOT NULL")) {
        return false;
      }
      for (FilterSet filters : List.of(FilterSet.NONE, MIN_PRICE_400K)) {
        ClusterFilter filter = index.compile(filters);
        for (TileCoord tile : tiles) {
          if (tile.z() <= 14) {
            index.aggregate(tile, filter, cells);
            if (!Arrays.equals(SqlTileOracle.aggregate(cells), SqlTileOracle.aggregate(jdbc, tile, filters))) {
              return false;
            }
          }
        }
      }
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tiles at zooms 0..16 holding a position, with their eight neighbours. */
  private static void addNeighbourhood(long key, Set<TileCoord> out) {
    for (int z = 0; z <= REPORT_MAX_ZOOM; z++) {
      int x = MortonKey.x(key) >>> (MortonKey.BITS - z);
      int y = MortonKey.y(key) >>> (MortonKey.BITS - z);
      for (int dx = -1; dx <= 1; dx++) {
        for (int dy = -1; dy <= 1; dy++) {
          if (x + dx >= 0 && y + dy >= 0 && x + dx < 1 << z && y + dy < 1 << z) {
            out.add(new TileCoord(z, x + dx, y + dy));
          }
        }
      }
    }
  }

  /** Neighbourhoods of where the ids are in the snapshot and where the table has them now. */
  private static Set<TileCoord> tilesAround(ClusterSnapshot before, Set<Long> ids) throws SQLException {
    Set<TileCoord> tiles = new HashSet<>();
    RowSelection all = new RowSelection();
    TilePoints.select(before, new TileCoord(0, 0, 0), ClusterFilter.none(), Integer.MAX_VALUE, all);
    for (int i = 0; i < all.size(); i++) {
      if (ids.contains(before.id(all.row(i)))) {
        addNeighbourhood(before.key(all.row(i)), tiles);
      }
    }
    try (Statement st = jdbc.createStatement();
        ResultSet rs = st.executeQuery("SELECT longitude, latitude FROM properties WHERE geom IS NOT NULL AND id IN ("
            + String.join(",", ids.stream().map(String::valueOf).toList()) + ")")) {
      while (rs.next()) {
        addNeighbourhood(MortonKey.of(rs.getDouble(1), rs.getDouble(2)), tiles);
      }
    }
    return tiles;
  }

  /** A tile's content: unfiltered cells and its listings, decoded. */
  private static List<String> content(ClusterSnapshot snapshot, TileCoord tile) {
    List<String> out = new ArrayList<>();
    LiveClusterIndex index = sync.index();
    if (tile.z() <= index.aggregator().maxTileZoom()) {
      ClusterCells cells = new ClusterCells();
      index.aggregator().aggregate(snapshot, tile, ClusterFilter.none(), cells);
      for (int i = 0; i < cells.size(); i++) {
        out.add(cells.cell(i) + ":" + cells.count(i) + "@" + cells.x(i) + "," + cells.y(i) + "$" + cells.priceSum(i)
            + "/" + cells.priceMin(i) + "/" + cells.priceMax(i));
      }
    }
    RowSelection rows = new RowSelection();
    TilePoints.select(snapshot, tile, ClusterFilter.none(), Integer.MAX_VALUE, rows);
    List<String> listings = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      listings.add(rows.listing(i).toString());
    }
    listings.sort(null);
    out.addAll(listings);
    return out;
  }

  /** The tile at {@code z} holding the id's point in the snapshot. */
  private static TileCoord tileOf(ClusterSnapshot snapshot, long id, int z) {
    RowSelection all = new RowSelection();
    TilePoints.select(snapshot, new TileCoord(0, 0, 0), ClusterFilter.none(), Integer.MAX_VALUE, all);
    for (int i = 0; i < all.size(); i++) {
      if (snapshot.id(all.row(i)) == id) {
        long key = snapshot.key(all.row(i));
        return new TileCoord(z, MortonKey.x(key) >>> (MortonKey.BITS - z), MortonKey.y(key) >>> (MortonKey.BITS - z));
      }
    }
    throw new IllegalArgumentException("no point " + id + " in " + snapshot);
  }

  private static long reportedPoints() {
    return REPORTED.stream().mapToLong(ChangedTiles::changedPoints).sum();
  }

  /** Runs the SQL, then waits until the index equals SQL around the ids and every batch was reported. */
  private static ClusterSnapshot change(Duration deadline, Set<Long> ids, String... statements) throws Exception {
    for (String statement : statements) {
      execute(db, statement);
    }
    Set<TileCoord> tiles = tilesAround(sync.index().snapshot(), ids);
    awaitUntil(deadline, "the index to equal SQL around " + ids, () -> matchesSql(tiles)
        && reportedPoints() == sync.metrics().index().changesApplied());
    return sync.index().snapshot();
  }

  @Test
  void insertsUpdatesAndDeletesReachTheTilesWithinTwoSecondsAndTheReportedTilesAreExactlyThoseThatDiffer()
      throws Exception {
    awaitUntil(Duration.ofSeconds(10), "earlier changes to be reported",
        () -> reportedPoints() == sync.metrics().index().changesApplied());
    ClusterSnapshot before = sync.index().snapshot();
    int firstReport = REPORTED.size();
    long appliedBefore = sync.metrics().index().changesApplied();
    long withoutGeometry = sync.metrics().rowsWithoutGeometry();
    Set<Long> ids = Set.of(11L, 12L, 13L, 15L, 16L, 900_001L);
    Set<TileCoord> candidates = tilesAround(before, ids);
    ClusterSnapshot after = change(Duration.ofSeconds(2), ids,
        "UPDATE properties SET longitude = longitude + 0.75 WHERE id = 11",
        "UPDATE properties SET price = coalesce(price, 0) + 12345 WHERE id = 12",
        "DELETE FROM properties WHERE id = 13",
        "INSERT INTO properties (id, external_id, latitude, longitude, price, bedrooms, property_type)"
            + " SELECT 900001, 'sync-insert', latitude + 0.001, longitude, 777000, 3, 'condo' FROM properties WHERE id = 14",
        "UPDATE properties SET address = 'renamed' WHERE id = 15",
        "UPDATE properties SET latitude = NULL WHERE id = 16");
    candidates.addAll(tilesAround(after, ids));
    Set<TileCoord> differing = new HashSet<>();
    for (TileCoord tile : candidates) {
      if (!content(before, tile).equals(content(after, tile))) {
        differing.add(tile);
      }
    }
    Set<TileCoord> reported = new HashSet<>();
    REPORTED.subList(firstReport, REPORTED.size()).forEach(c -> c.forEach(reported::add));
    assertThat(reported).as("reported changed tiles").isEqualTo(differing);
    assertThat(sync.metrics().index().changesApplied() - appliedBefore).as("points changed").isEqualTo(5);
    assertThat(sync.metrics().rowsWithoutGeometry()).isGreaterThan(withoutGeometry);
    TileCoord from = tileOf(before, 11, REPORT_MAX_ZOOM);
    TileCoord to = tileOf(after, 11, REPORT_MAX_ZOOM);
    assertThat(from).as("the move crosses a tile border").isNotEqualTo(to);
    assertThat(reported).contains(from, to, tileOf(before, 12, REPORT_MAX_ZOOM), tileOf(before, 13, REPORT_MAX_ZOOM),
        tileOf(after, 900_001, REPORT_MAX_ZOOM), tileOf(before, 16, REPORT_MAX_ZOOM));
    assertThat(reported).doesNotContain(tileOf(after, 15, REPORT_MAX_ZOOM));
  }

  @Test
  void statementsChangingMoreRowsThanANotificationListsConvergeThroughTheWatermarkPollDeletesIncluded()
      throws Exception {
    long overflows = sync.metrics().overflows();
    Set<Long> sample = Set.of(1_000L, 4_321L, 7_999L, 8_000L, 10_500L, 13_999L);
    change(Duration.ofSeconds(20), sample,
        "UPDATE properties SET price = coalesce(price, 0) + 1000, bedrooms = 2 WHERE id BETWEEN 1000 AND 7999",
        "DELETE FROM properties WHERE id BETWEEN 8000 AND 13999");
    assertThat(sync.metrics().overflows() - overflows).isEqualTo(2);
    assertThat(sync.metrics().index().memoryBytes()).isGreaterThan(28L * sync.index().size());
    assertThat(sync.index().size()).isEqualTo(count(db, "SELECT count(*) FROM properties WHERE geom IS NOT NULL"));
  }

  @Test
  void afterTheListeningConnectionIsKilledTheSyncReconnectsAndCatchesUpByWatermark() throws Exception {
    long reconnects = sync.metrics().reconnects();
    assertThat(count(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE application_name = '" + LISTENER + "' AND datname = current_database()")).isEqualTo(1);
    awaitUntil(Duration.ofSeconds(5), "the listener's backend to be gone", () -> {
      try {
        return count(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + LISTENER + "'") == 0;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    change(Duration.ofSeconds(20), Set.of(14_005L, 14_015L, 14_016L),
        "UPDATE properties SET price = coalesce(price, 0) + 5, longitude = longitude - 0.3"
            + " WHERE id BETWEEN 14001 AND 14010",
        "DELETE FROM properties WHERE id BETWEEN 14011 AND 14020");
    awaitUntil(Duration.ofSeconds(20), "a reconnect", () -> sync.metrics().reconnects() > reconnects);
    assertThat(count(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + LISTENER + "'"))
        .isEqualTo(1);
  }
}
