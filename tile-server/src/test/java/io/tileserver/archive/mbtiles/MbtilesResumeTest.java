package io.tileserver.archive.mbtiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MbtilesResumeTest {
  /** z7 has 16384 tiles, enough for a few batches. */
  private static final int SIDE = 128;

  @TempDir
  Path dir;

  /** The i-th tile of a copy at z7, row by row. */
  static int[] tile(int i) {
    return new int[] {7, i % SIDE, i / SIDE};
  }

  static byte[] bytes(int i) {
    return TestTiles.gzip("tile " + i);
  }

  @ParameterizedTest
  @EnumSource(MbtilesLayout.class)
  void aCopyClosedUnfinishedContinuesWhereItStopped(MbtilesLayout layout) throws Exception {
    Path file = dir.resolve("resumed.mbtiles");
    try (MbtilesWriter writer = MbtilesWriter.create(file, layout)) {
      for (int i = 0; i < 100; i++) {
        write(writer, i);
      }
    }

    try (MbtilesWriter writer = MbtilesWriter.create(file, layout)) {
      for (int i = 0; i < 200; i++) {
        int[] tile = tile(i);
        assertThat(writer.contains(tile[0], tile[1], tile[2])).as("tile %d holds", i).isEqualTo(i < 100);
        if (!writer.contains(tile[0], tile[1], tile[2])) {
          write(writer, i);
        }
      }
      writer.finish(metadata());
    }

    assertAllTiles(file, 200);
  }

  @ParameterizedTest
  @EnumSource(MbtilesLayout.class)
  void aKilledCopyLeavesTheCommittedBatchesReadableAndResumable(MbtilesLayout layout) throws Exception {
    Path file = dir.resolve("killed.mbtiles");
    int committed = MbtilesWriter.BATCH_TILES;
    int written = committed + 10;
    Process copy = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        KilledCopy.class.getName(), file.toString(), layout.name(), Integer.toString(written))
        .redirectErrorStream(true).redirectOutput(dir.resolve("copy.log").toFile()).start();
    assertThat(copy.waitFor(120, TimeUnit.SECONDS)).as("the copy halts within 120 s").isTrue();
    assertThat(copy.exitValue()).as("the copy's log:%n%s", Files.readString(dir.resolve("copy.log"))).isZero();

    try (MbtilesArchive archive = MbtilesArchive.open(file)) {
      for (int i = 0; i < written; i++) {
        int[] tile = tile(i);
        assertThat(archive.tile(tile[0], tile[1], tile[2])).as("tile %d", i).isEqualTo(i < committed ? bytes(i) : null);
      }
    }
    try (MbtilesWriter writer = MbtilesWriter.create(file, layout)) {
      for (int i = 0; i < written; i++) {
        int[] tile = tile(i);
        if (!writer.contains(tile[0], tile[1], tile[2])) {
          write(writer, i);
        }
      }
      writer.finish(metadata());
    }
    assertAllTiles(file, written);
  }

  @Test
  void aCopyFinishedWhileTheFileIsBeingReadEndsWithoutErrorAndIsReadable() throws Exception {
    Path file = dir.resolve("served.mbtiles");
    try (MbtilesWriter writer = MbtilesWriter.create(file, MbtilesLayout.FLAT)) {
      write(writer, 0);
    }
    try (MbtilesWriter writer = MbtilesWriter.create(file, MbtilesLayout.FLAT);
        MbtilesArchive reading = MbtilesArchive.open(file)) {
      assertThat(reading.tile(7, 0, 0)).isEqualTo(bytes(0));
      write(writer, 1);
      writer.finish(metadata());
      assertThat(reading.tile(7, 1, 0)).as("the finished tile, seen by the open reader").isEqualTo(bytes(1));
    }
    try (MbtilesArchive archive = MbtilesArchive.open(file)) {
      assertThat(archive.tile(7, 1, 0)).isEqualTo(bytes(1));
      assertThat(archive.metadata().format()).isEqualTo("pbf");
    }
  }

  @Test
  void aCopyCannotContinueInAnotherLayout() throws Exception {
    Path file = dir.resolve("flat.mbtiles");
    MbtilesWriter.create(file, MbtilesLayout.FLAT).close();

    assertThatThrownBy(() -> MbtilesWriter.create(file, MbtilesLayout.NORMALIZED))
        .isInstanceOf(IOException.class)
        .hasMessage(file + " already holds tiles in the FLAT layout, not NORMALIZED;"
            + " continue it with FLAT or write to a new file");
  }

  @Test
  void noTileFollowsFinish() throws Exception {
    MbtilesWriter writer = MbtilesWriter.create(dir.resolve("done.mbtiles"), MbtilesLayout.FLAT);
    writer.finish(metadata());

    assertThatThrownBy(() -> writer.write(0, 0, 0, bytes(0))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is finished");
    writer.close();
  }

  private static void write(MbtilesWriter writer, int i) throws IOException {
    int[] tile = tile(i);
    writer.write(tile[0], tile[1], tile[2], bytes(i));
  }

  private static ArchiveMetadata metadata() {
    return new ArchiveMetadata("pbf", TileCompression.GZIP, 7, 7, null, null);
  }

  private static void assertAllTiles(Path file, int count) throws IOException {
    try (MbtilesArchive archive = MbtilesArchive.open(file)) {
      for (int i = 0; i < count; i++) {
        int[] tile = tile(i);
        assertThat(archive.tile(tile[0], tile[1], tile[2])).as("tile %d", i).isEqualTo(bytes(i));
      }
      assertThat(archive.metadata().minzoom()).isEqualTo(7);
    }
    assertThat(file.resolveSibling(file.getFileName() + "-wal")).as("the WAL is folded into the file").doesNotExist();
  }
}
