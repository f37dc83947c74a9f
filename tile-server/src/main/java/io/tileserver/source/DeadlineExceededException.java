package io.tileserver.source;

/**
 * A tile was not ready by its request's {@link Deadline}: it waited too long for a database
 * connection or a worker, or took too long to build. Answered 503 with {@code Retry-After}.
 */
public final class DeadlineExceededException extends SourceUnavailableException {
  public DeadlineExceededException(String logMessage, int retryAfterSeconds) {
    super("the server could not make the tile in time", retryAfterSeconds, logMessage, null);
  }
}
