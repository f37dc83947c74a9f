package io.tileserver.source;

/**
 * A source cannot answer right now but may shortly: the database is busy, slow or unreachable. The
 * HTTP layer answers 503 with {@code Retry-After: retryAfterSeconds()} and logs the message; the
 * message is for operators and is never sent to clients.
 */
public class SourceUnavailableException extends RuntimeException {
  private final int retryAfterSeconds;

  public SourceUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** How long a client should wait before asking again; at least one second. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
