package io.tileserver.archive.mbtiles;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an MBTiles file lays its tiles out: the three schemas of Martin's {@code mbtiles} tool
 * (maplibre.org/martin/mbtiles-schema). All keep TMS rows (y counted from the south), as the
 * MBTiles 1.3 spec says, and all offer (or may offer) a {@code tiles} view for plain readers.
 */
public enum MbtilesLayout {
  /** One {@code tiles} table, as in the MBTiles spec; best when no two tiles are alike. */
  FLAT("tiles", "tiles", List.of(
      "CREATE TABLE tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL,"
          + " tile_data BLOB, PRIMARY KEY (zoom_level, tile_column, tile_row))")),
  /** {@code tiles_with_hash}: flat, plus each tile's MD5 ({@code tile_hash}) to validate it alone. */
  FLAT_WITH_HASH("tiles_with_hash", "tiles_with_hash", List.of(
      "CREATE TABLE tiles_with_hash (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,"
          + " tile_row INTEGER NOT NULL, tile_data BLOB, tile_hash TEXT,"
          + " PRIMARY KEY (zoom_level, tile_column, tile_row))",
      "CREATE VIEW tiles AS SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles_with_hash")),
  /**
   * {@code map} (coordinates to a tile id, the MD5 of its bytes) and {@code images} (each distinct
   * tile once): identical tiles, such as the ocean's, are stored once.
   */
  NORMALIZED("map", "map JOIN images ON map.tile_id = images.tile_id", List.of(
      "CREATE TABLE map (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL,"
          + " tile_id TEXT, PRIMARY KEY (zoom_level, tile_column, tile_row))",
      "CREATE TABLE images (tile_id TEXT NOT NULL PRIMARY KEY, tile_data BLOB)",
      "CREATE VIEW tiles AS SELECT map.zoom_level, map.tile_column, map.tile_row, images.tile_data"
          + " FROM map JOIN images ON map.tile_id = images.tile_id"));

  /** Every layout's key/value table (MBTiles 1.3, "Metadata"); a resumed file from elsewhere may lack it. */
  static final String METADATA_TABLE =
      "CREATE TABLE IF NOT EXISTS metadata (name TEXT NOT NULL PRIMARY KEY, value TEXT)";

  private final String coordinates;
  private final String tilesWithData;
  private final List<String> schema;

  MbtilesLayout(String coordinates, String tilesWithData, List<String> schema) {
    this.coordinates = coordinates;
    this.tilesWithData = tilesWithData;
    this.schema = schema;
  }

  /** The statements that create this layout's tables and views in an empty file. */
  List<String> schema() {
    return schema;
  }

  /** The tile at ({@code zoom_level}, {@code tile_column}, {@code tile_row}) = (?, ?, ?). */
  String tileQuery() {
    return "SELECT tile_data FROM " + tilesWithData
        + " WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?";
  }

  /** Whether a tile is stored at (?, ?, ?), without reading its bytes. */
  String containsQuery() {
    return "SELECT 1 FROM " + coordinates + " WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?";
  }

  /**
   * The lowest ({@code min}) or highest ({@code max}) zoom that holds tiles. One aggregate per
   * query, as SQLite answers a lone min or max from the primary key but scans for both together.
   */
  String zoomQuery(String aggregate) {
    return "SELECT " + aggregate + "(zoom_level) FROM " + coordinates;
  }

  /** The bytes of some non-empty tile, which tell the format and compression of all of them. */
  String sampleTileQuery() {
    String from = this == NORMALIZED ? "images" : tilesWithData;
    return "SELECT tile_data FROM " + from + " WHERE length(tile_data) > 0 LIMIT 1";
  }

  /**
   * The layout of an open file. Martin's normalized schema also has {@code tiles} and
   * {@code tiles_with_hash} views, so it is tried first; a hashed table must be a table (a view of
   * another schema cannot take inserts), while a plain {@code tiles} may be a table or any view.
   */
  static MbtilesLayout detect(Connection connection, Path file) throws SQLException, IOException {
    if (isTable(connection, "map") && isTable(connection, "images")
        && hasColumns(connection, "map", "zoom_level", "tile_column", "tile_row", "tile_id")
        && hasColumns(connection, "images", "tile_id", "tile_data")) {
      return NORMALIZED;
    }
    if (isTable(connection, "tiles_with_hash") && hasColumns(connection, "tiles_with_hash", "zoom_level",
        "tile_column", "tile_row", "tile_data", "tile_hash")) {
      return FLAT_WITH_HASH;
    }
    if (hasColumns(connection, "tiles", "zoom_level", "tile_column", "tile_row", "tile_data")) {
      return FLAT;
    }
    throw new IOException(file + " is not an MBTiles file: it has no tiles table or view with zoom_level,"
        + " tile_column, tile_row and tile_data (nor Martin's map and images tables)");
  }

  private static boolean isTable(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static boolean hasColumns(Connection connection, String table, String... columns) throws SQLException {
    Set<String> present = new HashSet<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
      query.setString(1, table);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          present.add(rows.getString(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return present.containsAll(List.of(columns));
  }
}
