package io.tileserver.config;

/**
 * Bounds on what one client, one connection or one burst can make the server do.
 *
 * @param requestDeadlineMs every request is answered within this, waiting for a connection or a
 *     worker included; past it the answer is 503 with {@code Retry-After}
 * @param idleTimeoutSeconds a connection with no traffic this long is closed
 * @param headerTimeoutMs a connection that has not sent a whole request head this long after it
 *     opened (or after its last response) is closed: a client dripping header bytes cannot hold it
 * @param maxConnections open connections per process; more are closed as they arrive
 */
public record LimitsConfig(Integer requestDeadlineMs, Integer idleTimeoutSeconds, Integer headerTimeoutMs,
    Integer maxConnections) {
  public LimitsConfig {
    requestDeadlineMs = requestDeadlineMs == null ? 6000 : requestDeadlineMs;
    InvalidValue.require(requestDeadlineMs > 0, "request-deadline-ms", "must be positive, was " + requestDeadlineMs);
    idleTimeoutSeconds = idleTimeoutSeconds == null ? 60 : idleTimeoutSeconds;
    InvalidValue.require(idleTimeoutSeconds > 0, "idle-timeout-seconds", "must be positive, was " + idleTimeoutSeconds);
    headerTimeoutMs = headerTimeoutMs == null ? 10_000 : headerTimeoutMs;
    InvalidValue.require(headerTimeoutMs > 0, "header-timeout-ms", "must be positive, was " + headerTimeoutMs);
    maxConnections = maxConnections == null ? 10_000 : maxConnections;
    InvalidValue.require(maxConnections > 0, "max-connections", "must be positive, was " + maxConnections);
  }
}
