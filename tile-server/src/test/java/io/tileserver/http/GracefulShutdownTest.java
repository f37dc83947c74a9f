package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What SIGTERM does ({@code serve}'s shutdown hook calls {@code drainAndClose}): {@code /ready}
 * answers 503 at once while the listener still serves, a request in flight finishes with its
 * answer, and after the drain the listener takes no more connections.
 */
class GracefulShutdownTest {
  static final String CONFIG = """
      server: {port: 0}
      database:
        url: ${DATABASE_URL}
        statement-timeout-ms: 10000
      limits: {request-deadline-ms: 15000}
      shutdown: {drain-ms: 500, timeout-ms: 20000}
      sources:
        slow_tile: {function: slow_tile}
      """;

  @Test
  void aDrainingServerLeavesRotationFinishesWhatItStartedThenCloses() throws SQLException, IOException {
    DatabaseUrl db = TestServices.freshDatabase("graceful");
    TestServer.installFunctions(db);
    TestServer server = TestServer.start(db, CONFIG);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // slow_tile sleeps 3 s: it is still being built when the drain begins.
    CompletableFuture<HttpResponse<byte[]>> inFlight = client.sendAsync(
        HttpRequest.newBuilder(URI.create(server.base() + "/tiles/slow_tile/3/1/1.pbf")).timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
    Waits.until("the slow tile's query runs", Duration.ofSeconds(30), () -> {
      try {
        return TestSql.count(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%slow_tile%'"
            + " AND pid <> pg_backend_pid()") > 0;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });

    Future<Void> stopped = server.app().drainAndClose();
    HttpResponse<byte[]> ready = server.get("/ready");
    assertThat(ready.statusCode()).as("out of rotation at once").isEqualTo(503);
    assertThat(new JsonObject(new String(ready.body(), StandardCharsets.UTF_8)).getString("reason")).contains("draining");

    HttpResponse<byte[]> finished = Waits.join("the request in flight", Duration.ofSeconds(30), inFlight);
    assertThat(finished.statusCode()).as("the request in flight gets its answer").isIn(200, 204);
    Waits.await("the drain and close", Duration.ofSeconds(60), stopped);
    assertThatThrownBy(() -> RawHttp.exchange(server.app().port(), "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"))
        .as("no connections after the drain").isInstanceOf(RuntimeException.class);
  }
}
