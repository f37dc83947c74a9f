package io.tileserver.source;

/**
 * Every pooled connection is in use and the wait queue ({@code database.max-wait-queue}) is full, or
 * a connection did not free up in time. Answering 503 at once keeps a burst from turning into a hang.
 */
public final class SourceBusyException extends SourceUnavailableException {
  public SourceBusyException(String logMessage, int retryAfterSeconds, Throwable cause) {
    super("the server is busy", retryAfterSeconds, logMessage, cause);
  }
}
