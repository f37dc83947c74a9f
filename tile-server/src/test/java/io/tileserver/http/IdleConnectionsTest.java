package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kept-alive connections left idle are closed after {@code limits.idle-timeout-seconds}, and a
 * pooling client that comes back after the timeout is served on a new connection.
 */
class IdleConnectionsTest {
  static final String CONFIG = """
      server: {port: 0}
      database: {url: "${DATABASE_URL}"}
      schema: {migrate-on-start: false}
      limits: {idle-timeout-seconds: 1}
      """;
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServices.freshDatabase("idle"), CONFIG);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aKeptAliveConnectionIsClosedAfterTheIdleTimeout() {
    try (RawHttp http = new RawHttp(server.app().port())) {
      http.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(http.read(10_000).status()).isEqualTo(200);
      assertThat(http.closedWithin(300)).as("still open right after the answer").isFalse();
      assertThat(http.closedWithin(5_000)).as("closed after idle-timeout-seconds").isTrue();
    }
  }

  @Test
  void aClientComingBackAfterTheIdleTimeoutIsServed() throws Exception {
    // The JDK client keeps its connection for reuse; the server closes it between the requests.
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(server.base() + "/health"))
        .timeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = client.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      Thread.sleep(2_500);
    }
  }
}
