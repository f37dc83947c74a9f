package io.tileserver.archive.mbtiles;

import java.nio.file.Path;

/**
 * A copy that dies: writes the first {@code count} tiles of {@link MbtilesResumeTest#tile} into an
 * MBTiles file, then halts the JVM at once, as a kill would, without closing the writer.
 * Arguments: file, layout, count.
 */
public final class KilledCopy {
  private KilledCopy() {}

  public static void main(String[] args) throws Exception {
    MbtilesWriter writer = MbtilesWriter.create(Path.of(args[0]), MbtilesLayout.valueOf(args[1]));
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      int[] tile = MbtilesResumeTest.tile(i);
      writer.write(tile[0], tile[1], tile[2], MbtilesResumeTest.bytes(i));
    }
    Runtime.getRuntime().halt(0);
  }
}
