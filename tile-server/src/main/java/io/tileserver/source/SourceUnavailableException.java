package io.tileserver.source;

/**
 * A source cannot answer now but may soon: a query over the statement timeout, a full connection
 * wait queue, an unreachable database. Answered 503 with Retry-After; the message is logged only.
 */
public class SourceUnavailableException extends RuntimeException {
  private final String publicReason;
  private final int retryAfterSeconds;

  public SourceUnavailableException(String publicReason, int retryAfterSeconds, String logMessage, Throwable cause) {
    super(logMessage, cause);
    this.publicReason = publicReason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** What a client may be told: no SQL, no hosts, no credentials. */
  public String publicReason() {
    return publicReason;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
