package io.tileserver.archive.mbtiles;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A few read-only connections to one MBTiles file, each lent to one thread at a time: a JDBC
 * connection and its statements are not safe to share, while separate SQLite connections read in
 * parallel. Connections open on demand, up to {@code max}, and stay open until {@link #close}.
 * Written here because a general pool (HikariCP) would be a new dependency for some twenty lines.
 */
final class ReadConnections implements AutoCloseable {
  /** How long a read waits for a connection when all are lent; reads take milliseconds. */
  private static final long WAIT_SECONDS = 30;

  /** A connection with its prepared tile query. */
  record Reader(Connection connection, PreparedStatement tileQuery) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  private final Path file;
  private final String tileQuery;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<Reader> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean closed;

  ReadConnections(Path file, String tileQuery, int max) {
    this.file = file;
    this.tileQuery = tileQuery;
    this.permits = new Semaphore(max);
  }

  /** An idle or a new reader, for this thread alone until {@link #giveBack}. */
  Reader borrow() throws IOException {
    try {
      if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException("no connection to " + file + " came free in " + WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a connection to " + file);
    }
    try {
      if (closed) {
        throw new IOException("MBTiles file " + file + " is closed");
      }
      Reader reader = idle.poll();
      return reader != null ? reader : open();
    } catch (IOException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Takes back a reader from {@link #borrow}; closes it instead if the pool closed meanwhile. */
  void giveBack(Reader reader) {
    if (closed) {
      closeQuietly(reader);
    } else {
      idle.add(reader);
      if (closed && idle.remove(reader)) {
        closeQuietly(reader);
      }
    }
    permits.release();
  }

  @Override
  public void close() {
    closed = true;
    for (Reader reader = idle.poll(); reader != null; reader = idle.poll()) {
      closeQuietly(reader);
    }
  }

  private Reader open() throws IOException {
    Connection connection = SqliteFiles.openReadOnly(file);
    try {
      return new Reader(connection, connection.prepareStatement(tileQuery));
    } catch (SQLException e) {
      SqliteFiles.closeQuietly(connection, e);
      throw SqliteFiles.failure(file, "reading", e);
    }
  }

  private static void closeQuietly(Reader reader) {
    try {
      reader.close();
    } catch (SQLException e) {
      // The file is read-only and being let go of; a failed close loses nothing.
    }
  }
}
