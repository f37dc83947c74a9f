package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.Waits;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A replica started while Redis is down does not wait for it: it becomes ready and serves tiles from
 * its sources, and takes Redis into use as its L2 once Redis answers, without a restart.
 */
class StartWithoutRedisTest {
  private static final String TILE = "/tiles/properties/10/301/385.pbf";

  @Test
  void aServerStartedWithRedisDownServesAndUsesRedisOnceItIsUp() throws SQLException {
    DatabaseUrl db = ListingDatabase.fresh("no_redis", 5, 2_000);
    // Not started yet: nothing listens on its port while the server starts.
    try (PrivateRedis redis = new PrivateRedis()) {
      String config = """
          server: {port: 0}
          database: {url: "${DATABASE_URL}", pool-size: 2}
          # No L1: a second request for a tile shows where it came from.
          cache: {max-size-mb: 0}
          redis: {url: "%s"}
          sources:
            properties: {}
          """.formatted(redis.url());
      try (TestServer server = TestServer.start(db, config)) {
        server.awaitReady(Duration.ofMinutes(1));
        assertThat(server.get(TILE).statusCode()).isEqualTo(200);
        assertThat(level(server.get(TILE))).as("without Redis every request is built").isEqualTo("MISS");
        assertThat(server.app().server().cache().l2Status()).isNotEqualTo(L2Status.OK);

        redis.start();
        Waits.until("the server takes Redis into use", Duration.ofSeconds(60),
            () -> server.app().server().cache().l2Status() == L2Status.OK);
        Waits.until("a tile is served from Redis", Duration.ofSeconds(30),
            () -> level(server.get(TILE)).equals("L2"));
      }
    }
  }

  private static String level(HttpResponse<byte[]> response) {
    Optional<String> level = response.headers().firstValue("X-Cache-Level");
    return level.orElse(response.headers().firstValue("X-Cache").orElse("none"));
  }
}
