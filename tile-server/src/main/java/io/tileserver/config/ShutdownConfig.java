package io.tileserver.config;

/**
 * What {@code serve} does on SIGTERM: {@code /ready} answers 503 at once, the listener keeps serving
 * for {@code drainMs} (so load balancers and Kubernetes take the instance out of rotation first),
 * then stops accepting connections and lets requests in flight finish for up to {@code timeoutMs}
 * before it closes what is left.
 */
public record ShutdownConfig(Integer drainMs, Integer timeoutMs) {
  public ShutdownConfig {
    drainMs = drainMs == null ? 5000 : drainMs;
    InvalidValue.require(drainMs >= 0, "drain-ms", "must be >= 0, was " + drainMs);
    timeoutMs = timeoutMs == null ? 30_000 : timeoutMs;
    InvalidValue.require(timeoutMs > 0, "timeout-ms", "must be positive, was " + timeoutMs);
  }
}
