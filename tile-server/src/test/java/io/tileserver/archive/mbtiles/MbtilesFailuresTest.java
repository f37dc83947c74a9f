package io.tileserver.archive.mbtiles;

import static io.tileserver.archive.mbtiles.TestTiles.sql;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MbtilesFailuresTest {
  @TempDir
  Path dir;

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("missing.mbtiles");

    assertThatThrownBy(() -> MbtilesArchive.open(file)).isInstanceOf(NoSuchFileException.class)
        .hasMessage(file + ": no such MBTiles file; check the path");
  }

  @Test
  void aFileThatIsNotSqliteIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.mbtiles"), "not a database, just some text\n".repeat(40));

    assertThatThrownBy(() -> MbtilesArchive.open(file)).isInstanceOf(IOException.class)
        .hasMessage(file + " is not an MBTiles file: it is not a SQLite database");
    assertThatThrownBy(() -> MbtilesWriter.create(file, MbtilesLayout.FLAT)).isInstanceOf(IOException.class)
        .hasMessage(file + " is not an MBTiles file: it is not a SQLite database");
  }

  @Test
  void aSqliteFileWithoutTilesIsNamed() throws Exception {
    Path file = dir.resolve("other.sqlite");
    try (Connection connection = sql(file); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE tiles (id integer, payload blob)");
    }

    assertThatThrownBy(() -> MbtilesArchive.open(file)).isInstanceOf(IOException.class)
        .hasMessage(file + " is not an MBTiles file: it has no tiles table or view with zoom_level, tile_column,"
            + " tile_row and tile_data (nor Martin's map and images tables)");
    assertThatThrownBy(() -> MbtilesWriter.create(file, MbtilesLayout.FLAT)).isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + " is not an MBTiles file");
  }

  @Test
  void badMetadataNamesTheKeyAndWhatItShouldBe() throws Exception {
    Path file = dir.resolve("bad.mbtiles");
    try (Connection connection = sql(file); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE metadata (name text, value text)");
      statement.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)");
      statement.execute("INSERT INTO metadata VALUES ('bounds', '-200,0,10')");
    }

    assertThatThrownBy(() -> MbtilesArchive.open(file)).isInstanceOf(IOException.class)
        .hasMessage(file + ": metadata bounds must be west,south,east,north in degrees, was '-200,0,10'");
  }

  @Test
  void tilesCompressedAsMbtilesCannotTellAreRefusedAtFinish() throws Exception {
    Path file = dir.resolve("brotli.mbtiles");
    try (MbtilesWriter writer = MbtilesWriter.create(file, MbtilesLayout.FLAT)) {
      assertThatThrownBy(() -> writer.finish(new ArchiveMetadata("pbf", TileCompression.BROTLI, 0, 0, null, null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("BROTLI tiles belong in a PMTiles archive");
    }
  }
}
