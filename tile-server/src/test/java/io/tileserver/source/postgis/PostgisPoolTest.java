package io.tileserver.source.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.ConfigLoader;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every pooled session starts with the tile settings from {@code database:}. */
class PostgisPoolTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static Row settings(String yaml) {
    ServerConfig config = new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get)).parse(yaml);
    Pool pool = PostgisPool.create(vertx, "test", TestServices.database(), config.database(), config.limits());
    try {
      return pool.query("SELECT current_setting('statement_timeout') AS timeout,"
          + " current_setting('max_parallel_workers_per_gather') AS workers,"
          + " current_setting('application_name') AS app, current_setting('jit') AS jit").execute().await().iterator().next();
    } finally {
      pool.close().await();
    }
  }

  @Test
  void sessionsRunWithoutParallelWorkersOrJitAndWithTheStatementTimeoutByDefault() {
    Row row = settings("database: {}");
    assertThat(row.getString("timeout")).isEqualTo("5s");
    assertThat(row.getString("workers")).isEqualTo("0");
    assertThat(row.getString("jit")).isEqualTo("off");
    assertThat(row.getString("app")).isEqualTo("tile-server");
  }

  @Test
  void configuredTimeoutAndWorkersReachEverySession() {
    Row row = settings("database: {pool-size: 2, max-wait-queue: 10, statement-timeout-ms: 1500, parallel-workers: 2}");
    assertThat(row.getString("timeout")).isEqualTo("1500ms");
    assertThat(row.getString("workers")).isEqualTo("2");
  }
}
