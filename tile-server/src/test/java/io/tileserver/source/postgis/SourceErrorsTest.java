package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.SourceBusyException;
import io.tileserver.source.SourceFailedException;
import io.tileserver.source.SourceTimeoutException;
import io.tileserver.source.TileSource;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Database failures become the exception types the HTTP layer maps to statuses: a statement timeout
 * and a full wait queue are 503s with a retry delay, anything else a failure naming the SQLSTATE.
 */
class SourceErrorsTest {
  private static FixtureDatabase db;
  private static List<TileSource> sources;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("errors", "slow_function", "points");
    sources = db.discover("""
        database:
          url: ${DB}
          statement-timeout-ms: 300
          pool-size: 1
          max-wait-queue: 0
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static byte[] tile(String sourceId) {
    return source(sources, sourceId).getTile(new TileCoord(14, 2624, 5721), FilterSet.NONE, FixtureDatabase.unhurried()).await();
  }

  @Test
  void aQuerySlowerThanTheStatementTimeoutIsCancelledAndReportedAsATimeout() {
    assertThatThrownBy(() -> tile("slow_tile"))
        .isInstanceOf(SourceTimeoutException.class)
        .hasMessage("source slow_tile tile 14/2624/5721 exceeded the statement timeout of 300 ms (SQLSTATE 57014)")
        .satisfies(e -> assertThat(((SourceTimeoutException) e).retryAfterSeconds()).isEqualTo(1));
  }

  @Test
  void aRequestFindingEveryConnectionBusyAndTheWaitQueueFullFailsAtOnceAsBusy() {
    Future<byte[]> slow = source(sources, "slow_tile").getTile(new TileCoord(14, 2624, 5721), FilterSet.NONE, FixtureDatabase.unhurried());
    // The one pooled connection is taken once the slow query shows in pg_stat_activity.
    while (db.count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT \"public\".\"slow_tile\"%'") == 0) {
      Thread.onSpinWait();
    }
    assertThatThrownBy(() -> tile("points"))
        .isInstanceOf(SourceBusyException.class)
        .hasMessageContaining("source points tile 14/2624/5721: no database connection free and the wait queue is full")
        .satisfies(e -> assertThat(((SourceBusyException) e).retryAfterSeconds()).isEqualTo(1));
    assertThatThrownBy(slow::await).isInstanceOf(SourceTimeoutException.class);
  }

  @Test
  void anyOtherDatabaseErrorIsAFailureNamingTheSourceTileAndSqlState() {
    db.execute("CREATE TABLE doomed (id integer PRIMARY KEY, geom geometry(Point, 4326))");
    List<TileSource> withDoomed = db.discover("""
        database:
          url: ${DB}
        sources:
          doomed: {}
        """);
    db.execute("DROP TABLE doomed");
    assertThatThrownBy(() -> source(withDoomed, "doomed").getTile(new TileCoord(3, 1, 2), FilterSet.NONE, FixtureDatabase.unhurried()).await())
        .isInstanceOf(SourceFailedException.class)
        .hasMessageStartingWith("source doomed tile 3/1/2: ERROR 42P01: relation \"public.doomed\" does not exist");
  }
}
