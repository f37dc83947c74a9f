package io.tileserver.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.StatsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the statistics views on a schedule ({@code stats.refresh-seconds}): each with
 * {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} (readers never wait), in a transaction holding an
 * advisory lock, so of a fleet one instance refreshes and the others skip that round; the time goes
 * into {@code stats_refreshes}, which every answer's age is read from. Afterwards the tile sources
 * drawn from the views are told, so their cached tiles are retired.
 */
public final class StatsRefresher {
  private static final Logger LOGGER = LoggerFactory.getLogger(StatsRefresher.class);
  /** The views, in refresh order; constants of the schema (sql/changes/006, 011), never input. */
  static final List<String> VIEWS = List.of("city_stats", "zip_stats");
  /** The advisory lock key of a refresh round, shared by every instance. */
  private static final long LOCK = 0x7374617473L;
  /** A refresh of 10M listings takes a minute or two; the pool's tile statement timeout does not apply. */
  private static final String TIMEOUT = "15min";

  private final Vertx vertx;
  private final Pool primary;
  private final Consumer<String> retire;
  private final List<String> sources;
  private final Map<String, OffsetDateTime> refreshed = new ConcurrentHashMap<>();
  private final Counter done;
  private final Counter failed;
  private long timer = -1;

  private StatsRefresher(Vertx vertx, Pool primary, StatsConfig config, Consumer<String> retire,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.primary = primary;
    this.retire = retire;
    this.sources = config.sources();
    this.done = Counter.builder("stats_refreshes").tag("outcome", "done")
        .description("Refresh rounds of the statistics views, by outcome").register(registry);
    this.failed = Counter.builder("stats_refreshes").tag("outcome", "failed")
        .description("Refresh rounds of the statistics views, by outcome").register(registry);
    for (String view : VIEWS) {
      Gauge.builder("stats_view_age_seconds", () -> age(view))
          .description("Seconds since the statistics view was last refreshed (by any instance); NaN before it is known")
          .tag("view", view).register(registry);
    }
  }

  /**
   * Starts refreshing every {@code stats.refresh-seconds} (never with 0); {@code retire} is called with
   * each tile source of {@code stats.sources} after a refresh.
   */
  public static StatsRefresher start(Vertx vertx, Pool primary, StatsConfig config, Consumer<String> retire,
      MeterRegistry registry) {
    StatsRefresher refresher = new StatsRefresher(vertx, primary, config, retire, registry);
    refresher.readTimes();
    if (config.refreshSeconds() > 0) {
      refresher.timer = vertx.setPeriodic(config.refreshSeconds() * 1000L, t -> refresher.refresh());
    }
    return refresher;
  }

  /** One round: refreshes every view unless another instance holds the lock. */
  private Future<Boolean> refresh() {
    return primary.withTransaction(conn -> conn.query("SET LOCAL statement_timeout = '" + TIMEOUT + "'").execute()
        .compose(v -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK)))
        .compose(locked -> locked.iterator().next().getBoolean(0) ? refreshAll(conn).map(true)
            : Future.succeededFuture(false)))
        .onSuccess(ran -> {
          if (ran) {
            done.increment();
            sources.forEach(retire);
          }
          readTimes();
        })
        .onFailure(e -> {
          failed.increment();
          LOGGER.warn("refreshing the statistics views failed: {}", e.getMessage());
        });
  }

  public void close() {
    vertx.cancelTimer(timer);
  }

  private Future<Void> refreshAll(SqlConnection conn) {
    Future<Void> chain = Future.succeededFuture();
    for (String view : VIEWS) {
      chain = chain.compose(v -> conn.query("REFRESH MATERIALIZED VIEW CONCURRENTLY " + view).execute())
          .compose(v -> conn.preparedQuery("INSERT INTO stats_refreshes (view_name, refreshed_at) VALUES ($1, now())"
              + " ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at").execute(Tuple.of(view)))
          .mapEmpty();
    }
    return chain;
  }

  /** The refresh times of every instance's rounds, for the age gauge. */
  private void readTimes() {
    primary.query("SELECT view_name, refreshed_at FROM stats_refreshes").execute()
        .onSuccess(rows -> {
          for (Row row : rows) {
            refreshed.put(row.getString("view_name"), row.getOffsetDateTime("refreshed_at"));
          }
        });
  }

  private double age(String view) {
    OffsetDateTime at = refreshed.get(view);
    return at == null ? Double.NaN : Math.max(0, OffsetDateTime.now().toEpochSecond() - at.toEpochSecond());
  }
}
