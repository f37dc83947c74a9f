package io.tileserver.http;

/** A whole-number query parameter within a range: absent gives the default, anything else out of range a 400. */
final class IntParam {
  private IntParam() {}

  /** @param hint what to send instead, for the 400's body */
  static int parse(String name, String text, int fallback, int min, int max, String hint) {
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest(name + " must be an integer " + min + ".." + max + ", was '" + ApiError.abbreviate(text)
        + "'", hint);
  }
}
