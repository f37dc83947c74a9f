package io.tileserver.source.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.testing.CuttableProxy;
import io.tileserver.testing.Eventually;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database that goes away under a query, or cannot be reached, is a 503 with {@code Retry-After}
 * (the client may try again), never a 500; once it is back, tiles come without a restart. The
 * server reaches PostgreSQL through a {@link CuttableProxy}, so connections can be reset or refused
 * without stopping the PostgreSQL other tests share.
 */
class DatabaseOutageTest {
  private static final String CONFIG = """
      server: {port: 0}
      database: {url: "${DATABASE_URL}", pool-size: 2, statement-timeout-ms: 30000}
      schema: {migrate-on-start: false}
      limits: {request-deadline-ms: 20000}
      sources:
        nap: {function: nap_tile}
      """;
  private static final String NAPPING = "FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'"
      + " AND query LIKE '%nap_tile%' AND pid <> pg_backend_pid()";
  private static final Duration SETTLE = Duration.ofSeconds(20);

  private static FixtureDatabase db;
  private static CuttableProxy proxy;
  private static TestServer server;
  private static int tile;

  @BeforeAll
  static void start() {
    db = FixtureDatabase.create("outage", "limits");
    proxy = CuttableProxy.to(db.url.host(), db.url.port());
    server = TestServer.start(
        new DatabaseUrl("127.0.0.1", proxy.port(), db.url.database(), db.url.user(), db.url.password()), CONFIG);
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    proxy.close();
    db.close();
  }

  @AfterEach
  void databaseBack() throws IOException {
    proxy.accept();
    db.count("SELECT count(pg_cancel_backend(pid)) " + NAPPING);
    Eventually.await("no nap_tile call running", SETTLE, () -> db.count("SELECT count(*) " + NAPPING) == 0);
  }

  /** A fresh tile each time, so no answer comes from the cache. */
  private static HttpResponse<byte[]> napTile(int seconds) {
    return server.get("/tiles/nap/6/" + (++tile) + "/0.pbf?sleep=" + seconds);
  }

  /** A request whose query is running in PostgreSQL when this returns. */
  private static CompletableFuture<HttpResponse<byte[]>> napping() {
    CompletableFuture<HttpResponse<byte[]>> response = CompletableFuture.supplyAsync(() -> napTile(20));
    Eventually.await("the nap runs", SETTLE, () -> db.count("SELECT count(*) " + NAPPING) == 1);
    return response;
  }

  private static void assertUnavailable(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    JsonObject body = new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
    assertThat(body.getString("error")).isEqualTo("unavailable");
    assertThat(body.getString("detail")).isEqualTo("the tile database is unavailable");
  }

  @Test
  void aQueryWhoseBackendIsTerminatedIs503AndTheNextTileIsServed() {
    CompletableFuture<HttpResponse<byte[]>> cut = napping();

    db.count("SELECT count(pg_terminate_backend(pid)) " + NAPPING);

    assertUnavailable(cut.join());
    assertThat(napTile(0).statusCode()).isEqualTo(204);
  }

  @Test
  void aConnectionResetUnderAQueryIs503AndTheNextTileIsServed() {
    CompletableFuture<HttpResponse<byte[]>> cut = napping();

    proxy.resetAll();

    assertUnavailable(cut.join());
    assertThat(napTile(0).statusCode()).isEqualTo(204);
  }

  @Test
  void anUnreachableDatabaseIs503AndTilesComeBackWithIt() throws IOException {
    proxy.refuse();

    assertUnavailable(napTile(0));
    assertUnavailable(napTile(0));

    proxy.accept();
    assertThat(napTile(0).statusCode()).isEqualTo(204);
  }
}
