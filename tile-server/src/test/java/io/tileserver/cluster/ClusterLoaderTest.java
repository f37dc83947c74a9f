package io.tileserver.cluster;

import static io.tileserver.testing.TestSql.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.filter.FilterSet;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.Waits;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loader against a real PostGIS holding 50k generated listings, and the engine against SQL. */
class ClusterLoaderTest {
  private static final int LISTINGS = 50_000;
  /** The load has no statement timeout by design; a stuck one fails here instead of hanging. */
  private static final Duration LOAD_WAIT = Duration.ofMinutes(2);
  private static DatabaseUrl db;
  private static Vertx vertx;
  private static Pool pool;
  private static ClusterLoad load;
  private static Connection jdbc;

  @BeforeAll
  static void loadTable() throws Exception {
    db = TestServices.freshDatabase("cluster_loader");
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(51, LISTINGS)), n -> {});
    execute(db, "INSERT INTO properties (external_id, price, property_type) VALUES"
        + " ('no-geom-1', 100000, 'house'), ('no-geom-2', 200000, 'condo'), ('no-geom-3', NULL, 'land')");
    execute(db, "ANALYZE properties");
    vertx = Vertx.vertx();
    pool = pool(new PgConnectOptions());
    load = Waits.await("the load", LOAD_WAIT, new ClusterLoader(vertx, pool, ClusterColumns.properties(), 20_000).load());
    jdbc = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
  }

  private static Pool pool(PgConnectOptions options) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(2))
        .connectingTo(options.setHost(db.host()).setPort(db.port()).setDatabase(db.database())
            .setUser(db.user()).setPassword(db.password()))
        .using(vertx)
        .build();
  }

  @AfterAll
  static void close() throws Exception {
    jdbc.close();
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void rowsWithoutGeometryAreSkippedAndCounted() {
    assertThat(load.rowsRead()).isEqualTo(LISTINGS + 3);
    assertThat(load.rowsWithoutGeometry()).isEqualTo(3);
    assertThat(load.index().size()).isEqualTo(LISTINGS);
    assertThat(load.clampedPrices()).isZero();
  }

  /** The server's pool cancels tile queries after a few seconds; a 10M-row load takes longer than that. */
  @Test
  void loadIsNotCutShortByThePoolsStatementTimeout() {
    Pool strict = pool(new PgConnectOptions().addProperty("statement_timeout", "1"));
    try {
      ClusterLoad strictLoad =
          Waits.await("the load", LOAD_WAIT, new ClusterLoader(vertx, strict, ClusterColumns.properties(), 20_000).load());
      assertThat(strictLoad.index().size()).isEqualTo(LISTINGS);
    } finally {
      strict.close().await();
    }
  }

  @Test
  void everyLoadedRowCarriesItsTableValues() throws Exception {
    ClusterIndex index = load.index();
    Random random = new Random(1);
    try (PreparedStatement st = jdbc.prepareStatement("SELECT ST_X(geom), ST_Y(geom), price, bedrooms, bathrooms,"
        + " sqft, property_type, status FROM properties WHERE id = ?")) {
      for (int n = 0; n < 300; n++) {
        ClusterRow row = index.row(random.nextInt(index.size()));
        st.setLong(1, row.id());
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(row.lon()).isCloseTo(rs.getDouble(1), within(1e-6));
          assertThat(row.lat()).isCloseTo(rs.getDouble(2), within(1e-6));
          assertThat(row.price()).isEqualTo(rs.getObject(3) == null ? null : rs.getLong(3));
          assertThat(row.bedrooms()).isEqualTo(rs.getObject(4) == null ? null : rs.getInt(4));
          assertThat(row.bathrooms()).isEqualTo(rs.getObject(5) == null ? null : rs.getDouble(5));
          assertThat(row.sqft()).isEqualTo(rs.getObject(6) == null ? null : rs.getInt(6));
          assertThat(row.propertyType()).isEqualTo(rs.getString(7));
          assertThat(row.status()).isEqualTo(rs.getString(8));
        }
      }
    }
  }

  /** For random tiles z0–z13 and filters, the cells' counts and price aggregates equal SQL over the tile. */
  @Test
  void tileAggregatesEqualSqlOverTheTileWithTheSameFilters() throws Exception {
    ClusterIndex index = load.index();
    CellAggregator aggregator = new CellAggregator(index, 64, null, 0);
    ClusterCells cells = new ClusterCells();
    Random random = new Random(2);
    for (int n = 0; n < 400; n++) {
      int z = random.nextInt(14);
      int row = random.nextInt(index.size());
      TileCoord tile = new TileCoord(z, (int) Math.floor(index.x(row) * (1L << z)),
          (int) Math.floor(index.y(row) * (1L << z)));
      FilterSet filters = GeneratedListings.randomFilters(random);
      aggregator.aggregate(tile, ClusterFilter.compile(filters, index), cells);
      long count = 0;
      long sum = 0;
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < cells.size(); i++) {
        count += cells.count(i);
        sum += cells.priceSum(i);
        min = Math.min(min, cells.priceMin(i));
        max = Math.max(max, cells.priceMax(i));
      }
      long[] sql = SqlTileOracle.aggregate(jdbc, tile, filters);
      String where = tile + "?" + filters;
      assertThat(count).as("count of %s", where).isEqualTo(sql[0]);
      if (count > 0) {
        assertThat(new long[] {sum, min, max}).as("price sum/min/max of %s", where)
            .containsExactly(sql[1], sql[2], sql[3]);
      }
    }
  }
}
