package io.tileserver.archive.mbtiles;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileArchiveWriter;
import io.tileserver.tile.TileCoord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Writes an MBTiles file in a chosen {@link MbtilesLayout}, or continues one a killed copy left.
 * Tiles gather in memory and are committed a batch at a time (one transaction per
 * {@link #BATCH_TILES} tiles or 32 MiB), so a copy costs one commit per batch, and a kill loses at
 * most the batch being gathered. Every method holds one lock: SQLite has one writer anyway. The
 * given byte arrays are kept, not copied, until their batch commits; callers must not reuse them.
 */
public final class MbtilesWriter implements TileArchiveWriter {
  private static final Logger LOGGER = LoggerFactory.getLogger(MbtilesWriter.class);
  /** Tiles per transaction: large enough that commits cost little, small enough that a kill loses little. */
  static final int BATCH_TILES = 4096;
  /** A batch of large raster tiles commits earlier, so gathered tiles stay a bounded amount of memory. */
  private static final long BATCH_BYTES = 32L << 20;
  /** The MBTiles application id ("MPBX", MBTiles 1.3), so tools can tell the file's kind. */
  private static final int APPLICATION_ID = 0x4d504258;
  /** Page cache for the copy, in KiB (negative means KiB to SQLite): inserts touch many index pages. */
  private static final int CACHE_KIB = 32 * 1024;
  /** Batched in key order, so inserts walk the primary key's B-tree forwards. */
  private static final Comparator<TileCoord> KEY_ORDER =
      Comparator.comparingInt(TileCoord::z).thenComparingInt(TileCoord::x).thenComparingInt(TileCoord::y);

  private final Path file;
  private final Connection connection;
  private final TileInserts inserts;
  private final PreparedStatement containsQuery;
  private final NavigableMap<TileCoord, byte[]> pending = new TreeMap<>(KEY_ORDER);
  private long pendingBytes;
  private String endedAs;

  private MbtilesWriter(Path file, Connection connection, MbtilesLayout layout) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.inserts = new TileInserts(connection, layout);
    this.containsQuery = connection.prepareStatement(layout.containsQuery());
  }

  /**
   * Creates {@code file} with {@code layout}'s tables, or reopens it when it exists so a copy
   * continues where it stopped ({@link #contains} answers from the file).
   *
   * @throws IOException naming the file when it exists but is not an MBTiles of {@code layout}
   */
  public static MbtilesWriter create(Path file, MbtilesLayout layout) throws IOException {
    boolean fresh = !Files.exists(file) || Files.size(file) == 0;
    Connection connection = SqliteFiles.openForWriting(file);
    try {
      if (fresh) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("PRAGMA application_id = " + APPLICATION_ID);
        }
      } else {
        MbtilesLayout found = MbtilesLayout.detect(connection, file);
        if (found != layout) {
          throw new IOException(file + " already holds tiles in the " + found + " layout, not " + layout
              + "; continue it with " + found + " or write to a new file");
        }
      }
      // WAL with synchronous=NORMAL: a committed batch survives the process being killed (with the
      // journal off, a kill during a commit could corrupt the file), a commit costs no fsync, and
      // readers may look at the file meanwhile. The mode can change only outside a transaction.
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode = WAL");
        statement.execute("PRAGMA synchronous = NORMAL");
        statement.execute("PRAGMA cache_size = -" + CACHE_KIB);
      }
      connection.setAutoCommit(false);
      if (fresh) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(MbtilesLayout.METADATA_TABLE);
          for (String ddl : layout.schema()) {
            statement.execute(ddl);
          }
        }
        connection.commit();
      }
      return new MbtilesWriter(file, connection, layout);
    } catch (SQLException e) {
      SqliteFiles.closeQuietly(connection, e);
      throw SqliteFiles.failure(file, "creating", e);
    } catch (IOException | RuntimeException e) {
      SqliteFiles.closeQuietly(connection, e);
      throw e;
    }
  }

  @Override
  public synchronized void write(int z, int x, int y, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "tile bytes");
    requireOpen();
    byte[] replaced = pending.put(new TileCoord(z, x, y), bytes);
    pendingBytes += bytes.length - (replaced == null ? 0 : replaced.length);
    if (pending.size() >= BATCH_TILES || pendingBytes >= BATCH_BYTES) {
      commitPending();
    }
  }

  @Override
  public synchronized boolean contains(int z, int x, int y) throws IOException {
    requireOpen();
    TileCoord coord = new TileCoord(z, x, y);
    if (pending.containsKey(coord)) {
      return true;
    }
    try {
      containsQuery.setInt(1, coord.z());
      containsQuery.setInt(2, coord.x());
      containsQuery.setInt(3, MbtilesArchive.tmsRow(coord));
      try (ResultSet rows = containsQuery.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw SqliteFiles.failure(file, "reading", e);
    }
  }

  /**
   * Commits the last tiles, replaces the metadata rows with {@code metadata}'s and closes the file.
   *
   * @throws IllegalArgumentException when the tiles' compression is one MBTiles cannot tell
   *     (brotli, zstd); the tiles written so far stay, and the file stays open
   */
  @Override
  public synchronized void finish(ArchiveMetadata metadata) throws IOException {
    requireOpen();
    Map<String, String> rows = MbtilesMetadata.toRows(metadata, file);
    commitPending();
    try (Statement statement = connection.createStatement();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO metadata (name, value) VALUES (?, ?)")) {
      statement.execute(MbtilesLayout.METADATA_TABLE);
      statement.execute("DELETE FROM metadata");
      for (Map.Entry<String, String> row : rows.entrySet()) {
        insert.setString(1, row.getKey());
        insert.setString(2, row.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      rollback(e);
      throw SqliteFiles.failure(file, "writing the metadata of", e);
    }
    end("finished");
  }

  /** Commits the tiles gathered so far and closes the file, finished or not (a copy may resume it). */
  @Override
  public synchronized void close() throws IOException {
    if (endedAs == null) {
      try {
        commitPending();
      } finally {
        end("closed");
      }
    }
  }

  private void requireOpen() {
    if (endedAs != null) {
      throw new IllegalStateException("MBTiles writer of " + file + " is " + endedAs + "; no tile may follow");
    }
  }

  private void commitPending() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    try {
      for (Map.Entry<TileCoord, byte[]> tile : pending.entrySet()) {
        inserts.add(tile.getKey(), tile.getValue());
      }
      inserts.execute();
      connection.commit();
    } catch (SQLException e) {
      try {
        inserts.clear();
      } catch (SQLException clearing) {
        e.addSuppressed(clearing);
      }
      rollback(e);
      throw SqliteFiles.failure(file, "writing tiles to", e);
    }
    pending.clear();
    pendingBytes = 0;
  }

  private void rollback(SQLException cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void end(String how) throws IOException {
    endedAs = how;
    try (connection; inserts; containsQuery) {
      connection.setAutoCommit(true);
      leaveWal();
    } catch (SQLException e) {
      throw SqliteFiles.failure(file, "closing", e);
    }
  }

  /**
   * Back to the rollback journal, which folds the WAL into the file and deletes it: the result is
   * one self-contained file that read-only readers can open anywhere. While another connection
   * still reads the file it stays in WAL, which every reader handles, so that is no error.
   */
  private void leaveWal() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = DELETE");
    } catch (SQLiteException e) {
      if (e.getResultCode() != SQLiteErrorCode.SQLITE_BUSY) {
        throw e;
      }
      LOGGER.info("{} stays in WAL mode (with its -wal file) while another connection reads it", file);
    }
  }
}
