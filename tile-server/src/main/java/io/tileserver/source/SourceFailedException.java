package io.tileserver.source;

/**
 * A source failed for a reason retrying will not fix (an SQL error, a dropped column, a function that
 * raised). The HTTP layer answers 500 and logs the message, which names the source, the tile and the
 * database's error; clients never see it.
 */
public final class SourceFailedException extends RuntimeException {
  public SourceFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
