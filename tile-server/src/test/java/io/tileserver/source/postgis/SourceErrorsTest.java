package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.SourceBusyException;
import io.tileserver.source.SourceFailedException;
import io.tileserver.source.SourceTimeoutException;
import io.tileserver.source.TileSource;
import io.tileserver.testing.Waits;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Database failures become the exception types the HTTP layer maps to statuses: a statement timeout
 * and a full wait queue are 503s with a retry delay, anything else a failure naming the SQLSTATE.
 */
class SourceErrorsTest {
  private static final TileCoord TILE = new TileCoord(14, 2624, 5721);
  /** Every answer here comes well within this: a statement timeout, a refusal or a cancel. */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
  private static final String SLOW_QUERY =
      "WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT \"public\".\"slow_tile\"%'";
  private static FixtureDatabase db;
  private static List<TileSource> sources;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("errors", "slow_function", "points");
    sources = db.discover("""
        database:
          url: ${DB}
          statement-timeout-ms: 300
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static byte[] tile(List<TileSource> from, String sourceId) {
    return Waits.await("tile " + TILE + " of " + sourceId, ANSWER_WAIT, source(from, sourceId).getTile(TILE, FilterSet.NONE, FixtureDatabase.unhurried()));
  }

  @Test
  void aQuerySlowerThanTheStatementTimeoutIsCancelledAndReportedAsATimeout() {
    assertThatThrownBy(() -> tile(sources, "slow_tile"))
        .isInstanceOf(SourceTimeoutException.class)
        .hasMessage("source slow_tile tile 14/2624/5721 exceeded the statement timeout of 300 ms (SQLSTATE 57014)")
        .satisfies(e -> assertThat(((SourceTimeoutException) e).retryAfterSeconds()).isEqualTo(1));
  }

  /**
   * A database of its own whose statement timeout outlasts the slow query, so its one connection stays
   * taken while the test looks; the slow query is cancelled at the end.
   */
  @Test
  void aRequestFindingEveryConnectionBusyAndTheWaitQueueFullFailsAtOnceAsBusy() {
    try (FixtureDatabase busy = FixtureDatabase.create("errors_busy", "slow_function", "points")) {
      List<TileSource> oneConnection = busy.discover("""
          database:
            url: ${DB}
            statement-timeout-ms: 60000
            pool-size: 1
            max-wait-queue: 0
          """);
      Future<byte[]> slow = source(oneConnection, "slow_tile").getTile(TILE, FilterSet.NONE, FixtureDatabase.unhurried());
      try {
        Waits.until("the slow query holds the pool's one connection", Duration.ofSeconds(30),
            () -> busy.count("SELECT count(*) FROM pg_stat_activity " + SLOW_QUERY) == 1);
        assertThatThrownBy(() -> tile(oneConnection, "points"))
            .isInstanceOf(SourceBusyException.class)
            .hasMessageContaining("source points tile 14/2624/5721: no database connection free and the wait queue is full")
            .satisfies(e -> assertThat(((SourceBusyException) e).retryAfterSeconds()).isEqualTo(1));
      } finally {
        busy.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity " + SLOW_QUERY);
      }
      assertThatThrownBy(() -> Waits.await("the cancelled slow query", ANSWER_WAIT, slow))
          .isInstanceOf(SourceTimeoutException.class);
    }
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
    assertThatThrownBy(() -> Waits.await("tile 3/1/2 of doomed", ANSWER_WAIT,
        source(withDoomed, "doomed").getTile(new TileCoord(3, 1, 2), FilterSet.NONE, FixtureDatabase.unhurried())))
        .isInstanceOf(SourceFailedException.class)
        .hasMessageStartingWith("source doomed tile 3/1/2: ERROR 42P01: relation \"public.doomed\" does not exist");
  }
}
