package io.tileserver.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tileserver.http.StandInListener;
import io.tileserver.testing.PrivateServices;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} started while its database is down: a stand-in on the port says why the server is
 * not ready (no crash loop), the wait retries, and once PostgreSQL is up the schema is applied and
 * the wait ends.
 */
class DatabaseWaitTest {
  private static HttpResponse<String> get(StandInListener standIn, String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + standIn.port() + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aServerStartedBeforeItsDatabaseWaitsSaysWhyAndGoesOnWhenItAnswers() throws SQLException {
    assumeTrue(TestServices.usingLocalServices(), "stops a PostgreSQL of its own, which the local script provides");
    try (PrivateServices services = PrivateServices.start("database-wait-test");
        StandInListener standIn = StandInListener.open("0.0.0.0", 0)) {
      services.stop();
      CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
        try {
          DatabaseWait.until(services.database(), true, standIn::reason);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });
      Waits.until("the stand-in names the unreachable database", Duration.ofSeconds(30),
          () -> get(standIn, "/ready").body().contains("unreachable"));
      HttpResponse<String> ready = get(standIn, "/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(get(standIn, "/health").statusCode()).as("alive meanwhile").isEqualTo(200);
      HttpResponse<String> tile = get(standIn, "/tiles/listings/0/0/0.pbf");
      assertThat(tile.statusCode()).isEqualTo(503);
      assertThat(tile.headers().firstValue("Retry-After")).isPresent();
      assertThat(new JsonObject(tile.body()).getString("detail")).contains("starting", "unreachable");
      assertThat(waited).as("still waiting while the database is down").isNotDone();

      services.start();
      Waits.join("the wait ends once the database answers", Duration.ofSeconds(120), waited);
      assertThat(TestSql.count(services.database(), "SELECT count(*) FROM pg_tables WHERE tablename = 'properties'"))
          .as("the schema was applied").isEqualTo(1);
    }
  }
}
