package io.tileserver.cdn;

import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestServices.ProcessRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The nginx edge of deploy/cdn, started by its own script on a free port with state under target/;
 * with {@link #startWithMetrics} also its mtail exporter, on another free port.
 */
public final class Edge implements AutoCloseable {
  private final Map<String, String> env;
  private final int port;
  private final int metricsPort;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Edge(Map<String, String> env, int port, int metricsPort) {
    this.env = env;
    this.port = port;
    this.metricsPort = metricsPort;
  }

  /** The edge in front of one origin, or balancing several replicas; without the metrics exporter. */
  static Edge start(int... originPorts) {
    return start(-1, originPorts);
  }

  /** With the mtail exporter, which only the dashboard's test reads, on a free port. */
  public static Edge startWithMetrics(int... originPorts) {
    return start(freePort(), originPorts);
  }

  private static Edge start(int metricsPort, int... originPorts) {
    int port = freePort();
    Path state = TestServices.projectRoot().resolve("tile-server/target/edge-" + ProcessHandle.current().pid() + "-" + port);
    String origins = Arrays.stream(originPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(" "));
    Map<String, String> env = Map.of("TILES_EDGE_PORT", Integer.toString(port), "TILES_ORIGIN", origins,
        "TILES_EDGE_DIR", state.toString(), "TILES_EDGE_CACHE_SIZE", "256m",
        "TILES_EDGE_METRICS_PORT", metricsPort < 0 ? "off" : Integer.toString(metricsPort));
    ProcessRun.of(env, "bash", script(), "start").expectSuccess();
    return new Edge(env, port, metricsPort);
  }

  /** Where mtail serves the edge's metrics ({@link #startWithMetrics} only). */
  public int metricsPort() {
    return metricsPort;
  }

  private static String script() {
    return TestServices.projectRoot().resolve("deploy/cdn/edge.sh").toString();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  /** GET {@code pathOrUrl} (a path on the edge, or an absolute URL) with header name/value pairs. */
  public HttpResponse<byte[]> get(String pathOrUrl, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl
        : base() + pathOrUrl)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("request to the edge failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    ProcessRun.of(env, "bash", script(), "stop").expectSuccess();
  }
}
