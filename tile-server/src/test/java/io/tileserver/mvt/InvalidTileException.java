package io.tileserver.mvt;

/**
 * Thrown by {@link MvtDecoder} for bytes that are not a valid version 2 vector tile; the message
 * names the rule broken and, where there is one, the section of spec 2.1.
 */
public final class InvalidTileException extends RuntimeException {
  public InvalidTileException(String message) {
    super(message);
  }
}
