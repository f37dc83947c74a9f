package io.tileserver.config;

/**
 * Thrown by config records' constructors for a value out of its range; carries the key so the
 * loader can report the full dotted path ({@code server.port must be …}).
 */
public final class InvalidValue extends IllegalArgumentException {
  private final String key;

  public InvalidValue(String key, String requirement) {
    super(key + " " + requirement);
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** Throws unless {@code ok}; {@code requirement} reads after the key ("must be 1..256, was 0"). */
  public static void require(boolean ok, String key, String requirement) {
    if (!ok) {
      throw new InvalidValue(key, requirement);
    }
  }

  /** The requirement alone, without the key. */
  public String requirement() {
    return getMessage().substring(key.length() + 1);
  }
}
