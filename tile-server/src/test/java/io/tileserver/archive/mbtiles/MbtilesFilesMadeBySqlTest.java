package io.tileserver.archive.mbtiles;

import static io.tileserver.archive.mbtiles.TestTiles.gzip;
import static io.tileserver.archive.mbtiles.TestTiles.md5;
import static io.tileserver.archive.mbtiles.TestTiles.png;
import static io.tileserver.archive.mbtiles.TestTiles.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import io.tileserver.tile.Bounds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by plain SQL from the schemas in the MBTiles 1.3 spec and Martin's mbtiles-schema
 * page, not by {@link MbtilesWriter}, read with {@link MbtilesArchive}. Rows are TMS: row 0 is
 * the southernmost, so XYZ y = 2^z - 1 - row.
 */
class MbtilesFilesMadeBySqlTest {
  @TempDir
  Path dir;

  @Test
  void aFlatFileIsReadWithItsRowsFlippedAndAllItsMetadata() throws Exception {
    Path file = dir.resolve("flat.mbtiles");
    byte[] north = gzip("north");
    byte[] south = gzip("south");
    try (Connection connection = sql(file); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE metadata (name text, value text)");
      statement.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)");
      statement.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
      insertTile(connection, "tiles", 2, 1, 3, north);
      insertTile(connection, "tiles", 2, 1, 0, south);
      statement.execute("""
          INSERT INTO metadata VALUES
            ('name', 'Flat'), ('format', 'pbf'), ('minzoom', '0'), ('bounds', '-123.5,45,-120,49.25'),
            ('center', '-122.3,47.6,2'), ('attribution', '<a href="https://example.org">Example</a>'),
            ('description', 'made by SQL'), ('version', '1.2'), ('agg_tiles_hash', 'ABC123'),
            ('json', '{"vector_layers":[{"id":"water","fields":{"kind":"String"}}],"tilestats":{"layerCount":1}}')
          """);
      statement.execute("INSERT INTO metadata VALUES ('maxzoom', 2)"); // an integer, as some tools store it
    }

    try (MbtilesArchive archive = MbtilesArchive.open(file)) {
      assertThat(archive.tile(2, 1, 0)).as("XYZ 2/1/0 is TMS row 3").isEqualTo(north);
      assertThat(archive.tile(2, 1, 3)).as("XYZ 2/1/3 is TMS row 0").isEqualTo(south);
      assertThat(archive.tile(2, 1, 1)).isNull();
      JsonObject tileJson = new JsonObject()
          .put("vector_layers", new JsonArray().add(new JsonObject().put("id", "water")
              .put("fields", new JsonObject().put("kind", "String"))))
          .put("tilestats", new JsonObject().put("layerCount", 1))
          .put("name", "Flat")
          .put("center", new JsonArray().add(-122.3).add(47.6).add(2))
          .put("attribution", "<a href=\"https://example.org\">Example</a>")
          .put("description", "made by SQL")
          .put("version", "1.2")
          .put("agg_tiles_hash", "ABC123");
      assertThat(archive.metadata()).isEqualTo(
          new ArchiveMetadata("pbf", TileCompression.GZIP, 0, 2, new Bounds(-123.5, 45, -120, 49.25), tileJson));
    }
  }

  @Test
  void aFlatWithHashFileWithoutFormatOrZoomsIsToldByItsTiles() throws Exception {
    Path file = dir.resolve("hashed.mbtiles");
    byte[] image = png("image");
    try (Connection connection = sql(file); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE metadata (name TEXT NOT NULL PRIMARY KEY, value TEXT)");
      statement.execute("""
          CREATE TABLE tiles_with_hash (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,
            tile_row INTEGER NOT NULL, tile_data BLOB, tile_hash TEXT,
            PRIMARY KEY (zoom_level, tile_column, tile_row))""");
      statement.execute("""
          CREATE VIEW tiles AS SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles_with_hash""");
      for (int[] tile : new int[][] {{3, 2, 6}, {5, 10, 20}, {4, 0, 0}}) {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tiles_with_hash VALUES (?, ?, ?, ?, ?)")) {
          insert.setInt(1, tile[0]);
          insert.setInt(2, tile[1]);
          insert.setInt(3, tile[2]);
          insert.setBytes(4, image);
          insert.setString(5, md5(image));
          insert.executeUpdate();
        }
      }
      statement.execute("INSERT INTO metadata VALUES ('name', 'Hashed')");
    }

    try (MbtilesArchive archive = MbtilesArchive.open(file)) {
      assertThat(archive.tile(3, 2, 1)).as("XYZ 3/2/1 is TMS row 6").isEqualTo(image);
      assertThat(archive.tile(5, 10, 11)).as("XYZ 5/10/11 is TMS row 20").isEqualTo(image);
      assertThat(archive.metadata()).isEqualTo(new ArchiveMetadata("png", TileCompression.NONE, 3, 5, null,
          new JsonObject().put("name", "Hashed")));
    }
  }

  @Test
  void aNormalizedFileIsReadThroughMapAndImagesWithoutATilesView() throws Exception {
    Path file = dir.resolve("normalized.mbtiles");
    byte[] ocean = gzip("ocean");
    byte[] island = gzip("island");
    try (Connection connection = sql(file); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE metadata (name TEXT NOT NULL PRIMARY KEY, value TEXT)");
      statement.execute("""
          CREATE TABLE map (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,
            tile_row INTEGER NOT NULL, tile_id TEXT, PRIMARY KEY (zoom_level, tile_column, tile_row))""");
      statement.execute("CREATE TABLE images (tile_id TEXT NOT NULL PRIMARY KEY, tile_data BLOB)");
      for (byte[] image : new byte[][] {ocean, island}) {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO images VALUES (?, ?)")) {
          insert.setString(1, md5(image));
          insert.setBytes(2, image);
          insert.executeUpdate();
        }
      }
      statement.execute("INSERT INTO map VALUES (1, 0, 0, '" + md5(ocean) + "'), (1, 1, 0, '" + md5(ocean) + "'),"
          + " (1, 1, 1, '" + md5(island) + "')");
      statement.execute("INSERT INTO metadata VALUES ('name', 'Normalized'), ('minzoom', '0'), ('maxzoom', '1')");
    }

    try (MbtilesArchive archive = MbtilesArchive.open(file)) {
      assertThat(archive.tile(1, 0, 1)).as("XYZ 1/0/1 is TMS row 0").isEqualTo(ocean);
      assertThat(archive.tile(1, 1, 1)).isEqualTo(ocean);
      assertThat(archive.tile(1, 1, 0)).as("XYZ 1/1/0 is TMS row 1").isEqualTo(island);
      assertThat(archive.tile(1, 0, 0)).isNull();
      assertThat(archive.metadata()).isEqualTo(new ArchiveMetadata("pbf", TileCompression.GZIP, 0, 1, null,
          new JsonObject().put("name", "Normalized")));
    }
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "89504E470D0A1A0A0000, png",
      "FFD8FFE000104A464946, jpg",
      "524946460C00000057454250565038, webp",
      "1A0A0A05726F616473, pbf"})
  void aFileWithoutFormatIsToldByTheSignatureOfItsTiles(String hex, String format) throws Exception {
    Path file = dir.resolve("unnamed.mbtiles");
    byte[] bytes = HexFormat.of().parseHex(hex);
    try (Connection connection = sql(file); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)");
      insertTile(connection, "tiles", 0, 0, 0, bytes);
    }
    try (MbtilesArchive archive = MbtilesArchive.open(file)) {
      assertThat(archive.metadata().format()).isEqualTo(format);
      assertThat(archive.metadata().tileCompression()).isEqualTo(TileCompression.NONE);
      assertThat(archive.tile(0, 0, 0)).isEqualTo(bytes);
    }
  }

  private static void insertTile(Connection connection, String table, int zoom, int column, int row, byte[] data)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO " + table + " (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)")) {
      insert.setInt(1, zoom);
      insert.setInt(2, column);
      insert.setInt(3, row);
      insert.setBytes(4, data);
      insert.executeUpdate();
    }
  }
}
