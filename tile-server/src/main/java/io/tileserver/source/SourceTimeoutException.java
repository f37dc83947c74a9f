package io.tileserver.source;

/**
 * The tile query ran longer than {@code database.statement-timeout-ms} and the database cancelled it
 * (SQLSTATE 57014). Usually a tile too dense for its zoom or a filter without an index.
 */
public final class SourceTimeoutException extends SourceUnavailableException {
  public SourceTimeoutException(String logMessage, int retryAfterSeconds, Throwable cause) {
    super("the tile took longer to build than the server allows", retryAfterSeconds, logMessage, cause);
  }
}
