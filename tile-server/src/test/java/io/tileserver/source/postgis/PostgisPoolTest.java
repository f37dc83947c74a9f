package io.tileserver.source.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.ConfigLoader;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.testing.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every pooled session starts with the tile settings from {@code database:}; tile sessions plan a
 * statement once (generic plans), other sessions plan each execution as PostgreSQL chooses.
 */
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

  private static ServerConfig config(String yaml) {
    return new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get)).parse(yaml);
  }

  private static Pool tilePool(String yaml) {
    ServerConfig config = config(yaml);
    return PostgisPool.create(vertx, "test", TestServices.database(), config.database(), config.limits());
  }

  private static Row settings(Pool pool) {
    try {
      return pool.query("SELECT current_setting('statement_timeout') AS timeout,"
          + " current_setting('max_parallel_workers_per_gather') AS workers,"
          + " current_setting('application_name') AS app, current_setting('jit') AS jit,"
          + " current_setting('plan_cache_mode') AS plans").execute().await().iterator().next();
    } finally {
      pool.close().await();
    }
  }

  private static Row settings(String yaml) {
    return settings(tilePool(yaml));
  }

  /**
   * Runs one parameterised statement six times on one connection of {@code pool} (PostgreSQL's
   * {@code auto} makes custom plans for the first five at least) and returns how it was planned:
   * {@code [generic plans, custom plans]}.
   */
  private static long[] plansOfARepeatedStatement(Pool pool) {
    try {
      return pool.withConnection(connection -> {
        Future<?> runs = Future.succeededFuture();
        for (int i = 0; i < 6; i++) {
          Tuple value = Tuple.of(i);
          runs = runs.compose(v -> connection.preparedQuery("SELECT count(*) FROM pg_class WHERE relpages > $1")
              .execute(value));
        }
        return runs.compose(v -> connection.query("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            + " WHERE statement LIKE '%relpages > $1%'").execute());
      }).map(rows -> {
        Row row = rows.iterator().next();
        return new long[] {row.getLong("generic_plans"), row.getLong("custom_plans")};
      }).await();
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
    assertThat(row.getString("plans")).isEqualTo("force_generic_plan");
  }

  @Test
  void aTileStatementIsPlannedOnceAndNotAgainOnEveryExecution() {
    assertThat(plansOfARepeatedStatement(tilePool("database: {}"))).containsExactly(6, 0);
  }

  @Test
  void planCacheModeAutoLeavesPlanningToPostgresql() {
    assertThat(settings("database: {plan-cache-mode: auto}").getString("plans")).isEqualTo("auto");
    assertThat(plansOfARepeatedStatement(tilePool("database: {plan-cache-mode: auto}"))[1]).isGreaterThanOrEqualTo(5);
  }

  @Test
  void theGeneralPoolPlansAsPostgresqlChooses() {
    ServerConfig config = config("database: {}");
    Pool general = PostgisPool.createGeneral(vertx, "test general", TestServices.database(), config.database());
    Row row = settings(general);
    assertThat(row.getString("plans")).isEqualTo("auto");
    assertThat(row.getString("jit")).isEqualTo("off");
  }

  @Test
  void anUnknownPlanCacheModeIsRefusedNamingTheAcceptedOnes() {
    assertThatThrownBy(() -> config("database: {plan-cache-mode: sometimes}"))
        .hasMessageContaining("plan-cache-mode")
        .hasMessageContaining("force_generic_plan, auto, force_custom_plan");
  }

  @Test
  void configuredTimeoutAndWorkersReachEverySession() {
    Row row = settings("database: {pool-size: 2, max-wait-queue: 10, statement-timeout-ms: 1500, parallel-workers: 2}");
    assertThat(row.getString("timeout")).isEqualTo("1500ms");
    assertThat(row.getString("workers")).isEqualTo("2");
  }
}
