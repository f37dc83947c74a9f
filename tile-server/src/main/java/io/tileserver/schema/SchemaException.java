package io.tileserver.schema;

/** A migration that could not run; the message names the database (redacted) and the cause. */
public final class SchemaException extends RuntimeException {
  public SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
