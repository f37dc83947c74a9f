package io.tileserver.archive.mbtiles;

import io.tileserver.tile.TileCoord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The prepared inserts of one layout, gathering a batch of tiles for one transaction. A later tile
 * at the same coordinates replaces the earlier. Not thread-safe: {@link MbtilesWriter} holds its
 * lock around every call.
 */
final class TileInserts implements AutoCloseable {
  /** Martin's tile ids and hashes: the MD5 of the stored bytes in upper-case hex, as SQLite's hex() writes. */
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final MbtilesLayout layout;
  private final PreparedStatement tiles;
  private final PreparedStatement images;
  private final MessageDigest md5;
  private final Set<String> imagesInBatch = new HashSet<>();

  TileInserts(Connection connection, MbtilesLayout layout) throws SQLException {
    this.layout = layout;
    this.tiles = connection.prepareStatement(switch (layout) {
      case FLAT -> "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)";
      case FLAT_WITH_HASH -> "INSERT OR REPLACE INTO tiles_with_hash"
          + " (zoom_level, tile_column, tile_row, tile_data, tile_hash) VALUES (?, ?, ?, ?, ?)";
      case NORMALIZED -> "INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?, ?, ?, ?)";
    });
    this.images = layout == MbtilesLayout.NORMALIZED
        ? connection.prepareStatement("INSERT OR IGNORE INTO images (tile_id, tile_data) VALUES (?, ?)")
        : null;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }

  void add(TileCoord coord, byte[] data) throws SQLException {
    tiles.setInt(1, coord.z());
    tiles.setInt(2, coord.x());
    tiles.setInt(3, MbtilesArchive.tmsRow(coord));
    switch (layout) {
      case FLAT -> tiles.setBytes(4, data);
      case FLAT_WITH_HASH -> {
        tiles.setBytes(4, data);
        tiles.setString(5, hash(data));
      }
      case NORMALIZED -> {
        String id = hash(data);
        tiles.setString(4, id);
        if (imagesInBatch.add(id)) {
          images.setString(1, id);
          images.setBytes(2, data);
          images.addBatch();
        }
      }
    }
    tiles.addBatch();
  }

  /** Runs the gathered inserts (inside the caller's transaction). */
  void execute() throws SQLException {
    if (images != null) {
      images.executeBatch();
    }
    tiles.executeBatch();
    imagesInBatch.clear();
  }

  /** Drops what was gathered, after a failed batch. */
  void clear() throws SQLException {
    if (images != null) {
      images.clearBatch();
    }
    tiles.clearBatch();
    imagesInBatch.clear();
  }

  @Override
  public void close() throws SQLException {
    tiles.close();
    if (images != null) {
      images.close();
    }
  }

  private String hash(byte[] data) {
    return HEX.formatHex(md5.digest(data));
  }
}
