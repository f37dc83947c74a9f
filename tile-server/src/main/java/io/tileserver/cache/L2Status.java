package io.tileserver.cache;

import java.util.Locale;

/** The shared cache's state for {@code /ready} details; the server answers tiles in every state. */
public enum L2Status {
  /** Configured and answering. */
  OK,
  /** Configured but failing or slow: its breaker is open, so tiles come from L1 and the sources. */
  DEGRADED,
  /** Not configured. */
  DISABLED;

  /** The lower-case word for JSON: {@code ok}, {@code degraded}, {@code disabled}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
