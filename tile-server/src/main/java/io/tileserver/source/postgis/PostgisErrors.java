package io.tileserver.source.postgis;

import io.tileserver.source.SourceBusyException;
import io.tileserver.source.SourceFailedException;
import io.tileserver.source.SourceTimeoutException;
import io.tileserver.source.SourceUnavailableException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Turns what the pg client fails with into the source exceptions the HTTP layer maps to statuses:
 * a cancelled statement is a {@link SourceTimeoutException}, a full wait queue a
 * {@link SourceBusyException}, a lost, reset or refused connection and a database shutting down or
 * out of connections a {@link SourceUnavailableException} (all 503), anything else a
 * {@link SourceFailedException} (500). Messages name the source and the tile and carry the
 * database's own words (SQLSTATE, detail, hint) for the log.
 */
public final class PostgisErrors {
  /** SQLSTATE query_canceled: raised when {@code statement_timeout} fires. */
  static final String QUERY_CANCELED = "57014";
  /** SQLSTATE serialization_failure, which a standby raises for a conflict with recovery. */
  private static final String RECOVERY_CONFLICT = "40001";
  private static final int BUSY_RETRY_SECONDS = 1;
  private static final int UNREACHABLE_RETRY_SECONDS = 5;
  /** All a client learns when the database cannot be reached. */
  private static final String UNREACHABLE = "the tile database is unavailable";
  /** How Vert.x fails a command for a pooled connection it found closed when leasing it. */
  private static final String CONNECTION_CLOSED = "Connection was closed";
  /**
   * How Vert.x fails a command written to a connection that closed meanwhile ("…, current status:
   * CLOSED"); PostgresOutageTest met it once as a 500 during an outage.
   */
  private static final String CONNECTION_NOT_ACTIVE = "Connection is not active now";

  private PostgisErrors() {}

  /**
   * @param what the source and tile, e.g. {@code source properties tile 14/2620/5719}
   * @param statementTimeoutMs the configured timeout, which sets the suggested retry delay
   */
  public static RuntimeException translate(String what, Throwable error, int statementTimeoutMs) {
    if (error instanceof SourceUnavailableException || error instanceof SourceFailedException) {
      return (RuntimeException) error;
    }
    if (error instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      String message = what + ": " + describe(pg);
      if (state.equals(QUERY_CANCELED)) {
        return new SourceTimeoutException(what + " exceeded the statement timeout of " + statementTimeoutMs
            + " ms (SQLSTATE 57014)", Math.ceilDiv(statementTimeoutMs, 1000), error);
      }
      if (SqlStates.databaseUnavailable(state)) {
        return new SourceUnavailableException(UNREACHABLE, UNREACHABLE_RETRY_SECONDS, message, error);
      }
      return new SourceFailedException(message, error);
    }
    if (error instanceof ConnectionPoolTooBusyException) {
      return new SourceBusyException(what + ": no database connection free and the wait queue is full ("
          + error.getMessage() + "; see database.pool-size and database.max-wait-queue)", BUSY_RETRY_SECONDS, error);
    }
    if (isPoolWaitTimeout(error)) {
      return new SourceBusyException(what + ": no database connection became free in time"
          + " (database.pool-size may be too small)", BUSY_RETRY_SECONDS, error);
    }
    if (isConnectionLost(error)) {
      return new SourceUnavailableException(UNREACHABLE, UNREACHABLE_RETRY_SECONDS,
          what + ": database connection lost or refused: " + error, error);
    }
    return new SourceFailedException(what + ": " + error, error);
  }

  /**
   * True when {@code error} says the database, not the query, failed: the connection was lost, reset
   * or refused, or the server is shutting down or out of connections. A read replica failing so is
   * taken out of rotation and the read is tried again on the primary.
   */
  static boolean databaseLost(Throwable error) {
    return isConnectionLost(error)
        || error instanceof PgException pg && SqlStates.databaseUnavailable(pg.getSqlState());
  }

  /**
   * True when {@code error}, or anything it wraps, says the database cannot serve now: lost, refused
   * or shutting down ({@link #databaseLost}, or the same SQLSTATEs through JDBC), or no connection
   * opened in time (a slow or restarting database). {@code serve} waits for the database while its
   * check, its migration or its start fails so, and gives up on anything else.
   */
  public static boolean cannotServeNow(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (databaseLost(e) || isPoolWaitTimeout(e)
          || e instanceof SQLException sql && SqlStates.databaseUnavailable(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a hot standby cancelled the query because replaying the primary's changes needed what
   * it read (SQLSTATE 40001 "conflict with recovery"; a read-only query on a standby meets no other
   * serialization failure). The standby is healthy; the same read on the primary succeeds.
   */
  static boolean recoveryConflict(Throwable error) {
    return error instanceof PgException pg && RECOVERY_CONFLICT.equals(pg.getSqlState());
  }

  /** The pool fails a waiter it could not serve in time with a bare "Timeout…" exception. */
  private static boolean isPoolWaitTimeout(Throwable error) {
    return error instanceof VertxException && error.getMessage() != null && error.getMessage().startsWith("Timeout");
  }

  /**
   * A connection closed under a query, reset by the peer (a database restarting or a proxy
   * dropping it: the socket's IOException arrives as it is) or refused when the pool opened it.
   */
  private static boolean isConnectionLost(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof ClosedConnectionException || e instanceof IOException
          || e instanceof VertxException && e.getMessage() != null
              && (CONNECTION_CLOSED.equals(e.getMessage()) || e.getMessage().startsWith(CONNECTION_NOT_ACTIVE))) {
        return true;
      }
    }
    return false;
  }

  /** {@code ERROR 42703: column "x" does not exist (detail: …; hint: …)} */
  static String describe(PgException pg) {
    StringBuilder s = new StringBuilder()
        .append(pg.getSeverity()).append(' ').append(pg.getSqlState()).append(": ").append(pg.getErrorMessage());
    if (pg.getDetail() != null) {
      s.append(" (detail: ").append(pg.getDetail()).append(')');
    }
    if (pg.getHint() != null) {
      s.append(" (hint: ").append(pg.getHint()).append(')');
    }
    if (pg.getWhere() != null) {
      s.append(" (where: ").append(pg.getWhere()).append(')');
    }
    return s.toString();
  }
}
