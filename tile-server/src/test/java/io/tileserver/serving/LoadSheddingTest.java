package io.tileserver.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.Eventually;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Under load every tile request is answered by its deadline, work beyond a source's limits is
 * refused with 503 and {@code Retry-After}, and cluster tiles do not wait behind database work.
 * The database's one pooled connection is held by {@code nap_tile?sleep=N} (fixture
 * {@code limits.sql}), whose calls the sequence {@code tile_calls} counts.
 */
class LoadSheddingTest {
  private static final String CONFIG = """
      server: {port: 0}
      database: {url: "${DATABASE_URL}", pool-size: 1, statement-timeout-ms: 30000}
      schema: {migrate-on-start: false}
      limits: {request-deadline-ms: 1500, build-wait-ms: 0}
      sources:
        listings: {kind: cluster}
        nap: {function: nap_tile}
        other_nap: {function: nap_tile}
      """;
  /** Longer than any deadline here: the connection stays taken while the test looks. */
  private static final int NAP_SECONDS = 20;
  private static final Duration SETTLE = Duration.ofSeconds(20);

  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException, IOException, TimeoutException {
    db = TestServices.freshDatabase("load_shedding");
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(5, 5_000)), n -> {});
    try (InputStream fixture = LoadSheddingTest.class.getResourceAsStream("/fixtures/limits.sql")) {
      TestSql.execute(db, new String(fixture.readAllBytes(), StandardCharsets.UTF_8));
    }
    server = TestServer.start(db, CONFIG);
    server.app().clustersLoaded().await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Each test starts with the connection free: naps left running are cancelled. */
  @AfterEach
  void cancelNaps() {
    sql("SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity " + NAPPING);
    Eventually.await("no nap_tile call running", SETTLE, () -> sql("SELECT count(*) FROM pg_stat_activity " + NAPPING) == 0);
  }

  private static final String NAPPING =
      "WHERE datname = current_database() AND state = 'active' AND query LIKE '%nap_tile%' AND pid <> pg_backend_pid()";

  private static long sql(String query) {
    try {
      return TestSql.count(db, query);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long calls() {
    return sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM tile_calls");
  }

  /** Starts a request for a tile that holds the connection, and returns once its query runs. */
  private static CompletableFuture<HttpResponse<byte[]>> napOn(String source, int x) {
    CompletableFuture<HttpResponse<byte[]>> response = CompletableFuture.supplyAsync(
        () -> server.get("/tiles/" + source + "/4/" + x + "/0.pbf?sleep=" + NAP_SECONDS));
    Eventually.await("the nap on " + source + " holds the connection", SETTLE,
        () -> sql("SELECT count(*) FROM pg_stat_activity " + NAPPING) == 1);
    return response;
  }

  private static JsonObject json(HttpResponse<byte[]> response) {
    return new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
  }

  private static void assertShedWithRetryAfter(HttpResponse<byte[]> response, String detail) {
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(json(response).getString("error")).isEqualTo("unavailable");
    assertThat(json(response).getString("detail")).isEqualTo(detail);
  }

  @Test
  void aRequestStillWaitingForAConnectionAtItsDeadlineIs503AndItsQueryNeverRuns() {
    CompletableFuture<HttpResponse<byte[]>> holder = napOn("nap", 1);
    long before = calls();

    HttpResponse<byte[]> waiter = server.get("/tiles/other_nap/4/2/0.pbf?sleep=0");

    assertShedWithRetryAfter(waiter, "the server could not make the tile in time");
    assertShedWithRetryAfter(holder.join(), "the server could not make the tile in time");
    cancelNaps();
    // The connection is free now; a waiter still queued for it would run before this request.
    assertThat(server.get("/tiles/other_nap/4/3/0.pbf?sleep=0").statusCode()).isEqualTo(204);
    assertThat(calls()).isEqualTo(before + 1);
  }

  @Test
  void aSourceBuildingItsLimitAnswersOneMoreAt503WithRetryAfterAtOnce() {
    CompletableFuture<HttpResponse<byte[]>> holder = napOn("nap", 4);
    long before = calls();

    HttpResponse<byte[]> refused = server.get("/tiles/nap/4/5/0.pbf?sleep=0");

    assertShedWithRetryAfter(refused, "the server is busy");
    assertThat(calls()).isEqualTo(before);
    assertThat(metric("tiles_shed_total{reason=\"max-builds\",source=\"nap\"}")).isPositive();
    holder.join();
  }

  @Test
  void aClusterTileIsBuiltAndCompressedOnItsOwnWorkersWhileTheDatabaseIsSaturated() {
    CompletableFuture<HttpResponse<byte[]>> holder = napOn("nap", 6);
    double clusterTasks = metric(CLUSTER_TASKS);
    double compressionTasks = metric(COMPRESSION_TASKS);

    HttpResponse<byte[]> tile = server.get("/tiles/listings/0/0/0.pbf", "Accept-Encoding", "gzip");

    assertThat(tile.statusCode()).isEqualTo(200);
    assertThat(tile.headers().firstValue("Content-Encoding")).hasValue("gzip");
    // Built on one cluster worker task and compressed on another; the compression workers, which
    // compress database tiles, were not involved. A pool counts a task as completed after its
    // result is handed on, so the second count may land just after the response.
    Eventually.await("two cluster worker tasks counted", SETTLE, () -> metric(CLUSTER_TASKS) >= clusterTasks + 2);
    assertThat(metric(CLUSTER_TASKS)).isEqualTo(clusterTasks + 2);
    assertThat(metric(COMPRESSION_TASKS)).isEqualTo(compressionTasks);
    holder.join();
  }

  private static final String CLUSTER_TASKS =
      "vertx_pool_completed_total{pool_name=\"tile-cluster\",pool_type=\"worker\"}";
  private static final String COMPRESSION_TASKS =
      "vertx_pool_completed_total{pool_name=\"tile-compression\",pool_type=\"worker\"}";

  private static double metric(String series) {
    String metrics = new String(server.get("/metrics").body(), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
