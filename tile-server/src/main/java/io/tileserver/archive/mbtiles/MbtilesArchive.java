package io.tileserver.archive.mbtiles;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileArchive;
import io.tileserver.tile.TileCoord;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An MBTiles file (a SQLite database) opened read-only, in any of Martin's three layouts (see
 * {@link MbtilesLayout}). Reads take a connection of their own from a small pool, so several
 * threads read at once.
 */
public final class MbtilesArchive implements TileArchive {
  /** More connections than cores would only queue inside SQLite; two let one read wait on disk. */
  private static final int MAX_CONNECTIONS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Path file;
  private final ArchiveMetadata metadata;
  private final ReadConnections connections;

  private MbtilesArchive(Path file, ArchiveMetadata metadata, ReadConnections connections) {
    this.file = file;
    this.metadata = metadata;
    this.connections = connections;
  }

  /**
   * Opens {@code file}, tells its layout and reads its metadata.
   *
   * @throws IOException naming the file when it is missing, not SQLite, or has no tiles table
   */
  public static MbtilesArchive open(Path file) throws IOException {
    try (Connection connection = SqliteFiles.openReadOnly(file)) {
      MbtilesLayout layout = MbtilesLayout.detect(connection, file);
      Map<String, String> rows = metadataRows(connection);
      int[] tileZooms = rows.containsKey("minzoom") && rows.containsKey("maxzoom") ? null
          : new int[] {zoom(connection, layout, "min"), zoom(connection, layout, "max")};
      ArchiveMetadata metadata =
          MbtilesMetadata.fromRows(rows, sampleTile(connection, layout), tileZooms, file);
      return new MbtilesArchive(file, metadata, new ReadConnections(file, layout.tileQuery(), MAX_CONNECTIONS));
    } catch (SQLException e) {
      throw SqliteFiles.failure(file, "opening", e);
    }
  }

  @Override
  public byte[] tile(int z, int x, int y) throws IOException {
    TileCoord coord = new TileCoord(z, x, y);
    ReadConnections.Reader reader = connections.borrow();
    try {
      PreparedStatement query = reader.tileQuery();
      query.setInt(1, coord.z());
      query.setInt(2, coord.x());
      query.setInt(3, tmsRow(coord));
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getBytes(1) : null;
      }
    } catch (SQLException e) {
      throw SqliteFiles.failure(file, "reading tile " + coord + " from", e);
    } finally {
      connections.giveBack(reader);
    }
  }

  @Override
  public ArchiveMetadata metadata() {
    return metadata;
  }

  @Override
  public void close() {
    connections.close();
  }

  /** MBTiles counts rows from the south (TMS); XYZ counts y from the north. */
  static int tmsRow(TileCoord coord) {
    return (1 << coord.z()) - 1 - coord.y();
  }

  private static Map<String, String> metadataRows(Connection connection) throws SQLException {
    Map<String, String> rows = new LinkedHashMap<>();
    if (!hasMetadataTable(connection)) {
      return rows;
    }
    try (Statement query = connection.createStatement();
        ResultSet result = query.executeQuery("SELECT name, value FROM metadata")) {
      while (result.next()) {
        if (result.getString(1) != null && result.getString(2) != null) {
          rows.put(result.getString(1), result.getString(2));
        }
      }
    }
    return rows;
  }

  private static boolean hasMetadataTable(Connection connection) throws SQLException {
    try (Statement query = connection.createStatement(); ResultSet result = query.executeQuery(
        "SELECT 1 FROM sqlite_master WHERE name = 'metadata' AND type IN ('table', 'view')")) {
      return result.next();
    }
  }

  private static byte[] sampleTile(Connection connection, MbtilesLayout layout) throws SQLException {
    try (Statement query = connection.createStatement();
        ResultSet result = query.executeQuery(layout.sampleTileQuery())) {
      return result.next() ? result.getBytes(1) : null;
    }
  }

  /** The tiles' lowest or highest zoom, for files whose metadata has none; 0 when there are no tiles. */
  private static int zoom(Connection connection, MbtilesLayout layout, String aggregate) throws SQLException {
    try (Statement query = connection.createStatement();
        ResultSet result = query.executeQuery(layout.zoomQuery(aggregate))) {
      return result.next() ? result.getInt(1) : 0;
    }
  }
}
