package io.tileserver.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.LimitsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what a client can hold: open connections per process ({@code limits.max-connections}), the
 * time to send a request head on a new connection ({@code limits.header-timeout-ms}) and between
 * requests on a kept-alive one ({@code limits.idle-timeout-seconds}), and the time to an answer
 * ({@code limits.request-deadline-ms}). Netty's idle timeout alone does not stop a client that drips
 * one header byte every few seconds; these are deadlines, not idle timers.
 *
 * <p>One guard per listener (event loop): its connection table is touched only from that loop. The
 * connection count is shared by all listeners. Waiting connections are checked by one periodic
 * sweep rather than a timer per request, which would cost every cached tile a timer set and cancel.
 */
final class ConnectionGuard {
  private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final LogThrottle THROTTLE = new LogThrottle(1, TimeUnit.SECONDS);
  /** Seconds a client is told to wait after a request ran past its deadline. */
  private static final int DEADLINE_RETRY_SECONDS = 1;

  private final Vertx vertx;
  private final Shared shared;
  private final long headerTimeoutNanos;
  private final long idleTimeoutNanos;
  private final long deadlineMs;
  private final Map<HttpConnection, Waiting> connections = new IdentityHashMap<>();
  private long sweeper = -1;

  /** What the listeners share: the open-connection count and the meters. */
  static final class Shared {
    private final AtomicInteger open = new AtomicInteger();
    private final int max;
    private final Counter refused;
    private final Counter headerTimeouts;
    private final Counter keepAliveTimeouts;
    private final Counter pastDeadline;

    Shared(LimitsConfig limits, MeterRegistry registry) {
      this.max = limits.maxConnections();
      Gauge.builder("http_connections_open", open, AtomicInteger::get)
          .description("Open HTTP connections (limits.max-connections bounds them)").register(registry);
      refused = Counter.builder("http_connections_refused")
          .description("Connections closed on arrival because limits.max-connections were open").register(registry);
      headerTimeouts = closed(registry, "header_timeout");
      keepAliveTimeouts = closed(registry, "keep_alive_timeout");
      pastDeadline = Counter.builder("http_requests_past_deadline")
          .description("Requests answered 503 because nothing answered them within limits.request-deadline-ms")
          .register(registry);
    }

    private static Counter closed(MeterRegistry registry, String reason) {
      return Counter.builder("http_connections_timed_out").tag("reason", reason)
          .description("Connections closed for not sending a request head in time").register(registry);
    }
  }

  /** A connection's state: requests in progress, and since when it has been waiting for the next. */
  private static final class Waiting {
    int active;
    boolean served;
    boolean condemned;
    long since = System.nanoTime();
  }

  ConnectionGuard(Vertx vertx, LimitsConfig limits, Shared shared) {
    this.vertx = vertx;
    this.shared = shared;
    this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(limits.headerTimeoutMs());
    this.idleTimeoutNanos = TimeUnit.SECONDS.toNanos(limits.idleTimeoutSeconds());
    this.deadlineMs = limits.requestDeadlineMs();
  }

  /** Starts the sweep; call on the listener's event loop. */
  void start() {
    long period = Math.max(50, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos) / 4));
    sweeper = vertx.setPeriodic(period, t -> sweep());
  }

  void stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
  }

  /** A new connection: counted, and closed at once when the process already has its maximum. */
  void connected(HttpConnection connection) {
    int open = shared.open.incrementAndGet();
    if (open > shared.max) {
      connection.closeHandler(v -> shared.open.decrementAndGet());
      shared.refused.increment();
      if (THROTTLE.admit("refused") >= 0) {
        LOGGER.warn("{} connections open, the most limits.max-connections allows: closing new ones", shared.max);
      }
      connection.close();
      return;
    }
    UnknownVersionMarker.install(connection);
    connections.put(connection, new Waiting());
    connection.closeHandler(v -> {
      shared.open.decrementAndGet();
      connections.remove(connection);
    });
  }

  /**
   * A request head arrived: the connection is no longer waiting for one until the response ends.
   * Call before the request is handled, so a response that ends at once is seen. False when the
   * connection is being closed ({@link #condemn}): the request must be dropped unanswered.
   */
  boolean requestStarted(HttpServerRequest request) {
    Waiting waiting = connections.get(request.connection());
    if (waiting == null) {
      return true;
    }
    if (waiting.condemned) {
      return false;
    }
    waiting.active++;
    waiting.served = true;
    request.response().endHandler(v -> {
      waiting.active--;
      waiting.since = System.nanoTime();
    });
    return true;
  }

  /**
   * Marks {@code request}'s connection for closing after its answer: requests pipelined behind it
   * are not served. After a request whose framing is suspect, what follows it on the connection
   * may be a request smuggled past a proxy.
   */
  void condemn(HttpServerRequest request) {
    Waiting waiting = connections.get(request.connection());
    if (waiting != null) {
      waiting.condemned = true;
    }
  }

  /**
   * Call after the request was handed to its handler: when no answer is under way by the deadline,
   * the request is answered 503 (whatever was still working on it finds the response ended).
   */
  void watchDeadline(HttpServerRequest request, String requestId) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    vertx.setTimer(deadlineMs, t -> {
      if (response.ended() || response.closed()) {
        return;
      }
      shared.pastDeadline.increment();
      long held = THROTTLE.admit("deadline");
      if (held >= 0) {
        LOGGER.warn("request {} ({} {}) not answered within limits.request-deadline-ms ({} ms): answered 503{}",
            requestId, request.method(), request.path(), deadlineMs,
            held == 0 ? "" : " (" + held + " more in the last second)");
      }
      ErrorResponder.send(request, ApiError.unavailable("the request took longer than the server allows",
          DEADLINE_RETRY_SECONDS), requestId);
    });
  }

  private void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> expired = new ArrayList<>();
    connections.forEach((connection, waiting) -> {
      if (waiting.active == 0 && now - waiting.since > (waiting.served ? idleTimeoutNanos : headerTimeoutNanos)) {
        (waiting.served ? shared.keepAliveTimeouts : shared.headerTimeouts).increment();
        expired.add(connection);
      }
    });
    // Closed after the walk: a close handler removes its connection from the table. Shut down, not
    // cut: HTTP/2 clients get a GOAWAY and do not send their next request into a closing connection.
    for (HttpConnection connection : expired) {
      connections.remove(connection);
      connection.shutdown(0, TimeUnit.SECONDS);
    }
  }
}
