package io.tileserver.archive.mbtiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Opens the SQLite files behind MBTiles archives and words SQLite's errors for the user. */
final class SqliteFiles {
  /** How long a statement waits for another connection's lock before it fails as busy. */
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private SqliteFiles() {}

  /** A connection that cannot change the file; the file must exist. */
  static Connection openReadOnly(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such MBTiles file; check the path");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return open(file, config);
  }

  /**
   * A connection that may create and change the file, in auto-commit mode: the writer checks the
   * file is an MBTiles before it changes anything (journal mode included).
   */
  static Connection openForWriting(Path file) throws IOException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return open(file, config);
  }

  private static Connection open(Path file, SQLiteConfig config) throws IOException {
    try {
      return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    } catch (SQLException e) {
      throw failure(file, "opening", e);
    }
  }

  /** An IOException that names the file and says what went wrong in the user's terms. */
  static IOException failure(Path file, String doing, SQLException e) {
    SQLiteErrorCode code = e instanceof SQLiteException sqlite ? sqlite.getResultCode() : null;
    String message;
    if (code == SQLiteErrorCode.SQLITE_NOTADB) {
      message = file + " is not an MBTiles file: it is not a SQLite database";
    } else if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED) {
      message = file + " is locked by another connection (another copy writing it?); wait for it to finish or stop it";
    } else {
      message = doing + " MBTiles file " + file + " failed: " + e.getMessage();
    }
    return new IOException(message, e);
  }

  /** Closes after a failure, keeping the first error as the one to report. */
  static void closeQuietly(AutoCloseable closeable, Exception cause) {
    try {
      closeable.close();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
