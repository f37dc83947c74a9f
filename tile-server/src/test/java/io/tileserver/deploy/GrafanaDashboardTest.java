package io.tileserver.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.cdn.Edge;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.PrometheusServer;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/tile-server.json is an importable dashboard whose every query runs, in a real
 * Prometheus (Debian's) scraping a real tile server and the real nginx edge's mtail exporter, and
 * names only metrics they export; after tile traffic its main panels show it.
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = TestServices.projectRoot().resolve("deploy/grafana/tile-server.json");
  /** Grafana's variables as "All" and a rate window of a few 1 s scrapes. */
  private static final Map<String, String> VARIABLES =
      Map.of("$instance", ".*", "$source", ".*", "$__rate_interval", "30s");
  private static final String CONFIG = """
      server: {port: 0}
      # The primary stands in as its own read replica (not a standby: lag 0), so the replica row's
      # meters exist.
      database: {url: "${DATABASE_URL}", pool-size: 4, replicas: ["${DATABASE_URL}"]}
      limits: {request-deadline-ms: 1000}
      # Limits the traffic below never reaches; on, so rate_limited_total exists.
      rate-limit: {uncached-per-second: 10000, uncached-burst: 10000}
      redis: {url: "%s", key-prefix: "grafana-%d:"}
      sources:
        listings: {kind: cluster}
        properties: {}
        nap: {function: nap_tile}
      """;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static TestServer server;
  private static Edge edge;
  private static PrometheusServer prometheus;
  private static Traffic traffic;

  @BeforeAll
  static void start() throws SQLException, IOException {
    DatabaseUrl db = ListingDatabase.fresh("grafana", 7, 2_000);
    try (InputStream fixture = GrafanaDashboardTest.class.getResourceAsStream("/fixtures/limits.sql")) {
      TestSql.execute(db, new String(fixture.readAllBytes(), StandardCharsets.UTF_8));
    }
    server = TestServer.start(db, CONFIG.formatted(TestServices.redisUrl(), ProcessHandle.current().pid()));
    server.awaitReady(WAIT);
    edge = Edge.startWithMetrics(server.app().port());
    prometheus = PrometheusServer.start(Map.of(
        "tile-server", List.of("127.0.0.1:" + server.app().port()),
        "tile-edge", List.of("127.0.0.1:" + edge.metricsPort())), PrometheusServer.shippedRules());
    prometheus.awaitTargetsUp(2, WAIT);
    // One request past its deadline (nap_tile sleeps 3 s), so the shedding meter exists.
    assertThat(server.get("/tiles/nap/4/1/1.pbf?sleep=3").statusCode()).isEqualTo(503);
    // GC pause meters appear at the JVM's first collection after the server started: force one.
    System.gc();
    Waits.until("the server meters a GC pause", WAIT,
        () -> metricNames(server.base() + "/metrics").contains("jvm_gc_pause_seconds_count"));
    traffic = Traffic.start(server, edge);
    Waits.until("the edge counts tile requests", WAIT, () -> {
      traffic.check();
      return metricNames("http://127.0.0.1:" + edge.metricsPort() + "/metrics").contains("tiles_edge_requests_total");
    });
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable each : new AutoCloseable[] {traffic, prometheus, edge, server}) {
      if (each != null) {
        try {
          each.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static JsonObject dashboard() throws IOException {
    return new JsonObject(Files.readString(DASHBOARD));
  }

  private static List<JsonObject> panels() throws IOException {
    List<JsonObject> panels = new ArrayList<>();
    dashboard().getJsonArray("panels").forEach(p -> panels.add((JsonObject) p));
    return panels;
  }

  private static List<String> expressions() throws IOException {
    List<String> exprs = new ArrayList<>();
    for (JsonObject panel : panels()) {
      if (panel.containsKey("targets")) {
        panel.getJsonArray("targets").forEach(t -> exprs.add(((JsonObject) t).getString("expr")));
      }
    }
    return exprs;
  }

  private static String resolve(String expr) {
    String resolved = expr;
    for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
      resolved = resolved.replace(variable.getKey(), variable.getValue());
    }
    assertThat(resolved).as("every variable of " + expr + " is resolved").doesNotContain("$");
    return resolved;
  }

  @Test
  void itIsADashboardWithUniquePanelsEachReadingTheDatasourceVariable() throws IOException {
    JsonObject dashboard = dashboard();
    assertThat(dashboard.getInteger("schemaVersion")).isBetween(36, 41);
    assertThat(dashboard.getString("uid")).isNotBlank();
    JsonArray variables = dashboard.getJsonObject("templating").getJsonArray("list");
    assertThat(variables.stream().map(v -> ((JsonObject) v).getString("name")))
        .containsExactly("datasource", "instance", "source");
    JsonObject datasource = variables.getJsonObject(0);
    assertThat(datasource.getString("type")).isEqualTo("datasource");
    assertThat(datasource.getString("query")).isEqualTo("prometheus");
    for (int i = 1; i < variables.size(); i++) {
      JsonObject variable = variables.getJsonObject(i);
      assertThat(variable.getString("definition")).as(variable.getString("name")).startsWith("label_values(");
      assertThat(variable.getJsonObject("datasource").getString("uid")).isEqualTo("${datasource}");
    }

    Set<Integer> ids = new HashSet<>();
    for (JsonObject panel : panels()) {
      String what = "panel " + panel.getString("title");
      assertThat(ids.add(panel.getInteger("id"))).as(what + " has a unique id").isTrue();
      assertThat(panel.getJsonObject("gridPos").fieldNames()).as(what).contains("h", "w", "x", "y");
      if (panel.getString("type").equals("row")) {
        continue;
      }
      assertThat(panel.getJsonObject("datasource").getString("uid")).as(what).isEqualTo("${datasource}");
      assertThat(panel.getJsonArray("targets")).as(what + " has queries").isNotEmpty();
      for (Object t : panel.getJsonArray("targets")) {
        JsonObject target = (JsonObject) t;
        assertThat(target.getString("expr")).as(what).isNotBlank();
        assertThat(target.getJsonObject("datasource").getString("uid")).as(what).isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void everyQueryRunsInPrometheusAndNamesOnlyMetricsTheServerOrTheEdgeExports() throws IOException {
    Set<String> exported = new TreeSet<>(metricNames(server.base() + "/metrics"));
    exported.addAll(metricNames("http://127.0.0.1:" + edge.metricsPort() + "/metrics"));
    // Prometheus's own series, which the instance variable reads.
    exported.add("up");
    List<String> queries = new ArrayList<>(expressions());
    for (Object v : dashboard().getJsonObject("templating").getJsonArray("list")) {
      String definition = ((JsonObject) v).getString("definition");
      if (definition != null && definition.startsWith("label_values(")) {
        // label_values(selector, label): the selector is a query of its own.
        queries.add(definition.substring("label_values(".length(), definition.lastIndexOf(',')));
      }
    }

    Set<String> unknown = new TreeSet<>();
    for (String query : queries) {
      prometheus.query(resolve(query));
      Set<String> names = PromqlNames.of(query);
      assertThat(names).as("metric names in " + query).isNotEmpty();
      names.stream().filter(n -> !exported.contains(n)).forEach(unknown::add);
    }
    assertThat(unknown).as("metrics the dashboard reads that neither the server nor the edge exports").isEmpty();
  }

  @Test
  void afterTileTrafficTheMainPanelsShowIt() throws IOException {
    for (String title : List.of("Request rate", "Status codes", "Tile latency by source", "Tile latency by zoom band",
        "Hit ratios", "Heap")) {
      JsonObject panel = panels().stream().filter(p -> title.equals(p.getString("title"))).findFirst().orElseThrow();
      for (Object t : panel.getJsonArray("targets")) {
        String expr = resolve(((JsonObject) t).getString("expr"));
        Waits.until("\"" + title + "\" shows a number for " + expr, WAIT, () -> {
          traffic.check();
          return prometheus.query(expr).stream()
              .anyMatch(r -> !((JsonObject) r).getJsonArray("value").getString(1).equals("NaN"));
        });
      }
    }
  }

  private static Set<String> metricNames(String url) {
    Set<String> names = new TreeSet<>();
    try (HttpClient client = HttpClient.newHttpClient()) {
      String text = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
      try (Stream<String> lines = text.lines()) {
        lines.filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> names.add(l.split("[{ ]", 2)[0]));
      }
    } catch (IOException e) {
      throw new IllegalStateException(url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return names;
  }

  /**
   * Tile requests in the background until closed: rates need a counter to grow between scrapes.
   * The same few tiles, straight and through the edge, so most are cache hits at every level.
   */
  private static final class Traffic implements AutoCloseable {
    private static final List<String> TILES = List.of("/tiles/listings/4/4/6.pbf", "/tiles/listings/10/301/385.pbf",
        "/tiles/properties/10/301/385.pbf", "/tiles/listings/15/9646/12321.pbf");
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private Traffic(TestServer server, Edge edge) {
      thread = Thread.ofVirtual().start(() -> {
        try {
          int round = 0;
          while (running) {
            for (String tile : TILES) {
              server.get(tile);
              edge.get(tile);
            }
            // An uncached tile each round, so sources keep building (query time, L2 misses).
            server.get("/tiles/properties/16/" + (19264 + round % 64) + "/" + (24640 + round / 64 % 64) + ".pbf");
            round++;
            sleep();
          }
        } catch (RuntimeException e) {
          failure = e;
        }
      });
    }

    /** Fails when the traffic stopped on an error (a wait for its effect would only time out). */
    void check() {
      if (failure != null) {
        throw new AssertionError("the background traffic failed: " + failure.getMessage(), failure);
      }
    }

    static Traffic start(TestServer server, Edge edge) {
      return new Traffic(server, edge);
    }

    private static void sleep() {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(Duration.ofSeconds(30));
    }
  }
}
