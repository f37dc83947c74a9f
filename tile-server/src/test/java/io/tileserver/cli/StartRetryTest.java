package io.tileserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.CuttableProxy;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.Waits;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} whose database answers its start-up check and then drops the server's own
 * connections (a database restarting, or too slow to open connections under load, right then):
 * the process does not exit; it waits for the database as before its first start, starts again and
 * becomes ready.
 */
class StartRetryTest {
  @Test
  void aStartTheDatabaseDropsIsWaitedOutAndTriedAgain() throws SQLException, IOException, InterruptedException {
    DatabaseUrl db = ListingDatabase.fresh("start_retry", 3, 200);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path dir = Files.createTempDirectory("start-retry");
    Path config = dir.resolve("tile-server.yaml");
    try (CuttableProxy database = CuttableProxy.to(db.host(), db.port())) {
      Files.writeString(config, """
          server: {port: %d}
          database: {url: "postgresql://%s:%s@127.0.0.1:%d/%s", pool-size: 2}
          schema: {migrate-on-start: false}
          sources:
            properties: {}
          """.formatted(port, db.user(), db.password(), database.port(), db.database()));
      // The start-up check gets through; the server's first connections after it are reset.
      database.dropAfter(1, 3);
      Process serve = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
          "-cp", System.getProperty("java.class.path"), "io.tileserver.Main", "serve", "--config", config.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
      try {
        Waits.until("serve becomes ready after its dropped start", Duration.ofSeconds(90),
            () -> !serve.isAlive() || ready(port));
        String log = Files.readString(dir.resolve("serve.log"));
        assertThat(serve.isAlive()).as("serve is still running; its log:%n%s", log).isTrue();
        assertThat(log).contains("did not serve the start");
      } finally {
        serve.destroy();
        serve.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static boolean ready(int port) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
