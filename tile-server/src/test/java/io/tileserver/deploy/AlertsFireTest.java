package io.tileserver.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.testing.CuttableProxy;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.PrometheusServer;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules, loaded into a real Prometheus scraping three real tile servers, stay
 * quiet over a healthy fleet and fire on real faults: an instance stopped ({@code TileServerDown})
 * and the database cut away so tiles are answered 503 ({@code TileErrorRatioHigh}).
 *
 * <p>Only the rules' {@code for:} durations are shortened (to 1 s, with 1 s scrapes and
 * evaluations), so the test takes seconds instead of the minutes an operator waits; every
 * expression is the shipped one.
 */
class AlertsFireTest {
  private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for:) \\S+$");
  private static final String CONFIG = """
      server: {port: 0}
      database: {url: "${DATABASE_URL}", pool-size: 2, statement-timeout-ms: 2000}
      schema: {migrate-on-start: false}
      limits: {request-deadline-ms: 3000}
      rate-limit: {enabled: false}
      sources:
        listings: {kind: cluster}
        properties: {}
      """;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String WARM = "/tiles/properties/10/301/385.pbf";

  private final List<TestServer> servers = new ArrayList<>();
  private CuttableProxy database;
  private PrometheusServer prometheus;
  private Thread traffic;
  private volatile boolean running = true;
  /** Set before the third server is stopped, so the traffic leaves it alone. */
  private volatile boolean thirdStopped;

  @AfterEach
  void stop() throws InterruptedException, IOException {
    running = false;
    if (traffic != null) {
      traffic.join(Duration.ofSeconds(30));
    }
    if (prometheus != null) {
      prometheus.close();
    }
    for (int i = 0; i < servers.size(); i++) {
      if (i < 2 || !thirdStopped) {
        servers.get(i).close();
      }
    }
    if (database != null) {
      database.close();
    }
  }

  /** The shipped rules with every {@code for:} at 1 s; the expressions untouched. */
  private static String rulesWithShortFor() {
    String shipped = PrometheusServer.shippedRules();
    Matcher m = FOR.matcher(shipped);
    int rules = (int) shipped.lines().filter(l -> l.strip().startsWith("- alert:")).count();
    assertThat(m.results().count()).as("every alert has a for: to shorten").isEqualTo(rules);
    return FOR.matcher(shipped).replaceAll("$1 1s");
  }

  @Test
  void quietOverAHealthyFleetThenTileServerDownAndTileErrorRatioHighFire() throws SQLException, IOException {
    DatabaseUrl direct = ListingDatabase.fresh("alerts", 11, 2_000);
    database = CuttableProxy.to(direct.host(), direct.port());
    DatabaseUrl proxied = new DatabaseUrl("127.0.0.1", database.port(), direct.database(), direct.user(), direct.password());
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestServer server = TestServer.start(proxied, CONFIG);
      server.awaitReady(WAIT);
      servers.add(server);
      targets.add("127.0.0.1:" + server.app().port());
    }
    prometheus = PrometheusServer.start(Map.of("tile-server", targets), rulesWithShortFor());
    prometheus.awaitTargetsUp(3, WAIT);
    traffic = Thread.ofVirtual().start(() -> {
      int round = 0;
      while (running) {
        // Cached tiles (a hit ratio well above 80%), and one uncached tile a round on the first two
        // servers, which the database answers until it is cut away.
        for (int s = 0; s < 3; s++) {
          for (int i = 0; i < 5; i++) {
            get(s, WARM);
          }
          if (s < 2) {
            get(s, "/tiles/properties/16/" + (19264 + round % 64) + "/" + (24640 + round / 64 % 64) + ".pbf");
          }
        }
        round++;
      }
    });

    Waits.until("Prometheus sees tile traffic", WAIT,
        () -> !prometheus.query("sum(rate(tiles_cache_lookups_total{result=\"hit\"}[1m])) > 0").isEmpty());
    // Every rule evaluated a few times over the traffic: none pending, none firing, none failing.
    Instant seen = Instant.now().plusSeconds(3);
    Waits.until("every rule evaluated after " + seen, WAIT, () -> prometheus.alertingRules().stream()
        .allMatch(r -> Instant.parse(r.getString("lastEvaluation")).isAfter(seen)));
    assertThat(prometheus.alerts()).as("alerts over a healthy fleet").isEmpty();
    for (JsonObject rule : prometheus.alertingRules()) {
      assertThat(rule.getString("health")).as(rule.getString("name") + ": " + rule.getString("lastError")).isEqualTo("ok");
    }

    thirdStopped = true;
    // A request of the traffic's may still be on its way: the server drains it before it stops.
    servers.get(2).close();
    awaitFiring("TileServerDown", targets.get(2));

    database.refuse();
    awaitFiring("TileErrorRatioHigh", null);
  }

  private void get(int server, String path) {
    if (server == 2 && thirdStopped) {
      return;
    }
    try {
      servers.get(server).get(path);
    } catch (IllegalStateException refused) {
      // Only a request that raced the third server's stop may fail to connect.
      if (server != 2) {
        throw refused;
      }
    }
  }

  /** Waits until {@code alert} is firing (for {@code instance}, when given). */
  private void awaitFiring(String alert, String instance) {
    Waits.until(alert + " firing" + (instance == null ? "" : " for " + instance), WAIT, () -> prometheus.alerts().stream()
        .map(a -> (JsonObject) a)
        .anyMatch(a -> a.getString("state").equals("firing")
            && alert.equals(a.getJsonObject("labels").getString("alertname"))
            && (instance == null || instance.equals(a.getJsonObject("labels").getString("instance")))));
  }
}
