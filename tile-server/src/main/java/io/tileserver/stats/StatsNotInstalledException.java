package io.tileserver.stats;

/** The database lacks this server's statistics views (a database of someone else's, or not migrated). */
public final class StatsNotInstalledException extends RuntimeException {
  StatsNotInstalledException(String message, Throwable cause) {
    super(message, cause);
  }
}
