package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Redis killed and restarted under 30 s of load through the real server (L1 off, so every request
 * reaches L2 or the database): not one request fails, and once Redis is back the server uses it
 * again without a restart.
 */
class RedisOutageUnderLoadTest {
  private static final int CLIENTS = 8;
  private static final long LOAD_SECONDS = 30;

  @Test
  void killingRedisDuringLoadFailsNoRequestAndItIsUsedAgainOnceBack() throws SQLException, InterruptedException {
    DatabaseUrl db = TestServices.freshDatabase("redis_outage_load");
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(11, 20_000)), n -> {});
    try (PrivateRedis redis = new PrivateRedis().start();
        TestServer server = TestServer.start(db, """
            server:
              port: 0
            database:
              url: ${DATABASE_URL}
              pool-size: 4
            cache:
              max-size-mb: 0
            # One client's load: the per-client limit would refuse most of it.
            rate-limit: {enabled: false}
            redis:
              url: %s
              timeout-ms: 200
              breaker: {failures-to-open: 3, open-ms: 500}
            sources:
              properties: {}
            """.formatted(redis.url()))) {
      Map<Integer, Long> failures = new ConcurrentHashMap<>();
      AtomicInteger requests = new AtomicInteger();
      AtomicLong cold = new AtomicLong();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOAD_SECONDS);
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      for (int i = 0; i < CLIENTS; i++) {
        clients.submit(() -> {
          while (System.nanoTime() < end) {
            String tile = ThreadLocalRandom.current().nextInt(10) < 7 ? hot() : cold(cold.incrementAndGet());
            int status;
            try {
              status = server.get(tile, "Accept-Encoding", "gzip").statusCode();
            } catch (RuntimeException e) {
              status = -1;
            }
            requests.incrementAndGet();
            if (status != 200 && status != 204) {
              failures.merge(status, 1L, Long::sum);
            }
          }
        });
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(LOAD_SECONDS / 3));
      redis.stop();
      Thread.sleep(TimeUnit.SECONDS.toMillis(LOAD_SECONDS / 3));
      redis.start();
      clients.shutdown();
      assertThat(clients.awaitTermination(LOAD_SECONDS, TimeUnit.SECONDS)).isTrue();

      assertThat(failures).as("failed requests by status out of " + requests.get()).isEmpty();
      assertThat(requests.get()).isGreaterThan(CLIENTS * 10);
      RedisTestCaches.eventually("/ready reports the L2 ok again", () -> ready(server).getString("l2_cache").equals("ok"));
      String fresh = "/tiles/properties/13/2410/3082.pbf";
      RedisTestCaches.eventually("a tile built after the restart is read back from Redis",
          () -> "L2".equals(server.get(fresh).headers().firstValue("X-Cache-Level").orElse("")));
    }
  }

  /** One of 20 tiles of the dense area, requested again and again. */
  private static String hot() {
    int i = ThreadLocalRandom.current().nextInt(20);
    return "/tiles/properties/12/" + (1204 + i % 5) + "/" + (1540 + i / 5) + ".pbf";
  }

  /** One of the 1,024 z15 tiles of the dense z10 tile, in turn: each is cold on its first request. */
  private static String cold(long n) {
    return "/tiles/properties/15/" + (9632 + n % 32) + "/" + (12320 + n / 32 % 32) + ".pbf";
  }

  private static JsonObject ready(TestServer server) {
    HttpResponse<byte[]> r = server.get("/ready");
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }
}
