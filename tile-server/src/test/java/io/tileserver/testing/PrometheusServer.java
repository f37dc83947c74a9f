package io.tileserver.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Prometheus server (Debian's, unpacked by deploy/local/lib/promtool.sh) on a free loopback
 * port, with its configuration and TSDB in a temporary directory, and the few HTTP API calls the
 * dashboard and alert tests make. Its configuration is the shipped deploy/prometheus/prometheus.yml
 * with the targets replaced by the processes a test started, and short intervals.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Path SHIPPED = TestServices.projectRoot().resolve("deploy/prometheus");
  /** Starting takes a second or two; a minute means it will not come up. */
  private static final Duration START_WAIT = Duration.ofMinutes(1);

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * The binary: {@code PROMETHEUS} (set by deploy/local/test.sh), else the one promtool.sh unpacks
   * into .local/tools. Missing is a failure, not a skip: the dashboard and alerts would go untested.
   */
  public static Path binary() {
    String configured = System.getenv("PROMETHEUS");
    Path path = configured != null && !configured.isBlank() ? Path.of(configured)
        : TestServices.projectRoot().resolve(".local/tools/usr/bin/prometheus");
    assertThat(Files.isExecutable(path))
        .as("the Prometheus server at " + path + " (PROMETHEUS, set by deploy/local/test.sh, which unpacks Debian's"
            + " prometheus package with deploy/local/lib/promtool.sh) is executable")
        .isTrue();
    return path;
  }

  /**
   * Starts Prometheus on the shipped prometheus.yml with each job's targets replaced by
   * {@code targets} (job name → host:port list; jobs not named are dropped), scrape and evaluation
   * every second, and {@code rules} (the text of a rules file) as its only rule file.
   */
  public static PrometheusServer start(Map<String, List<String>> targets, String rules) {
    try {
      Path dir = Files.createTempDirectory("prometheus-test");
      Files.writeString(dir.resolve("rules.yml"), rules);
      Files.writeString(dir.resolve("prometheus.yml"), config(targets));
      int port = freePort();
      Process process = new ProcessBuilder(binary().toString(),
          "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("prometheus.log").toFile())
          .start();
      PrometheusServer server = new PrometheusServer(process, dir, port);
      Waits.until("Prometheus answers /-/ready (log: " + dir.resolve("prometheus.log") + ")", START_WAIT,
          () -> process.isAlive() && server.status("/-/ready") == 200);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped deploy/prometheus/rules.yml as it is. */
  public static String shippedRules() {
    try {
      return Files.readString(SHIPPED.resolve("rules.yml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static String config(Map<String, List<String>> targets) throws IOException {
    Map<String, Object> config = new Yaml().load(Files.readString(SHIPPED.resolve("prometheus.yml")));
    config.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
    config.put("rule_files", List.of("rules.yml"));
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
      List<String> hosts = targets.get((String) job.get("job_name"));
      if (hosts != null) {
        job.put("static_configs", List.of(Map.of("targets", hosts)));
        jobs.add(job);
      }
    }
    assertThat(jobs).as("the shipped prometheus.yml has the jobs " + targets.keySet()).hasSize(targets.size());
    config.put("scrape_configs", jobs);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(config);
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** Waits until every target of every job has been scraped successfully. */
  public void awaitTargetsUp(int count, Duration within) {
    Waits.until(count + " targets up", within, () -> {
      JsonArray active = api("/api/v1/targets").getJsonArray("activeTargets");
      return active.size() == count
          && active.stream().allMatch(t -> "up".equals(((JsonObject) t).getString("health")));
    });
  }

  /**
   * An instant query's result ({@code data.result}); fails, with Prometheus's error, when the
   * expression does not parse or cannot be evaluated.
   */
  public JsonArray query(String promql) {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).getJsonArray("result");
  }

  /** The pending and firing alerts. */
  public JsonArray alerts() {
    return api("/api/v1/alerts").getJsonArray("alerts");
  }

  /** The alerting rules, each with its health, last error and last evaluation. */
  public List<JsonObject> alertingRules() {
    List<JsonObject> rules = new ArrayList<>();
    for (Object group : api("/api/v1/rules?type=alert").getJsonArray("groups")) {
      ((JsonObject) group).getJsonArray("rules").forEach(rule -> rules.add((JsonObject) rule));
    }
    return rules;
  }

  /** {@code data} of a successful API answer; anything else fails with the body. */
  private JsonObject api(String path) {
    HttpResponse<String> response = get(path);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("status")).as(path + " answered " + response.body()).isEqualTo("success");
    return body.getJsonObject("data");
  }

  private int status(String path) {
    try {
      return get(path).statusCode();
    } catch (UncheckedIOException notYet) {
      return -1;
    }
  }

  private HttpResponse<String> get(String path) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
