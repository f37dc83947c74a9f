package io.tileserver.fonts;

import java.util.List;

/** A font stack names fonts the catalog does not have. */
public final class UnknownFontException extends RuntimeException {
  private final List<String> unknown;

  UnknownFontException(List<String> unknown) {
    super("unknown font " + String.join(", ", unknown), null, false, false);
    this.unknown = List.copyOf(unknown);
  }

  public List<String> unknown() {
    return unknown;
  }
}
