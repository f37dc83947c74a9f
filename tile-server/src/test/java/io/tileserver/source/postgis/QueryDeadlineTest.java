package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.Deadline;
import io.tileserver.source.DeadlineExceededException;
import io.tileserver.source.TileSource;
import io.tileserver.testing.Eventually;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tile query whose request's deadline passes while it waits for a pooled connection is not run
 * when the connection comes free: its client has been answered already. The pool here waits far
 * longer than the deadline, so only the deadline stops the query.
 */
class QueryDeadlineTest {
  private static FixtureDatabase db;
  private static List<TileSource> sources;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("query_deadline", "limits");
    sources = db.discover("""
        database:
          url: ${DB}
          pool-size: 1
          statement-timeout-ms: 30000
        limits:
          request-deadline-ms: 60000
        sources:
          nap: {function: nap_tile}
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static long calls() {
    return db.count("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM tile_calls");
  }

  private static FilterSet sleep(String seconds) {
    return FixtureDatabase.passThrough(Map.of("sleep", List.of(seconds)));
  }

  @Test
  void aQueryWhoseDeadlinePassedWhileItWaitedForAConnectionIsNotRun() {
    TileSource nap = source(sources, "nap");
    Future<byte[]> holder = nap.getTile(new TileCoord(3, 1, 1), sleep("2"), FixtureDatabase.unhurried());
    Eventually.await("the nap holds the only connection", Duration.ofSeconds(20), () -> calls() == 1);

    Future<byte[]> late = nap.getTile(new TileCoord(3, 2, 1), sleep("0"), Deadline.after(System.nanoTime(), 300));

    assertThatThrownBy(late::await)
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessageContaining("the query did not run");
    holder.await();
    assertThat(calls()).isEqualTo(1);
    assertThat(nap.getTile(new TileCoord(3, 3, 1), sleep("0"), FixtureDatabase.unhurried()).await()).isEmpty();
    assertThat(calls()).isEqualTo(2);
  }
}
