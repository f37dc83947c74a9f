package io.tileserver.archive.pmtiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PmtilesArchive} on an archive laid out byte by byte from the PMTiles v3 spec (no code of
 * ours makes it; the npm reference package cannot write), and on files that are not whole PMTiles v3
 * archives.
 */
class PmtilesArchiveTest {
  /** The tile bytes, back to back: "A" at 0, "BB" at 1, "CCC" at 3, "DDDD" at 6. */
  private static final byte[] DATA = "ABBCCCDDDD".getBytes(StandardCharsets.US_ASCII);
  /**
   * Root directory, uncompressed: 4 entries; tile id deltas 0, 1, 3, 1 (ids 0, 1, 4, 5); run lengths
   * 1, 2, 1, 0 (the last is a leaf); lengths 1, 2, 1, 9; offsets 0 → written 1, 1 (right after the
   * previous) → 0, 0 (a repeat of tile 0's bytes) → 1, leaf at 0 → 1.
   */
  private static final byte[] ROOT = {4, 0, 1, 3, 1, 1, 2, 1, 0, 1, 2, 1, 9, 1, 0, 1, 1};
  /** Leaf directory: 2 entries, ids 5 and 7 (deltas 5, 2), runs 1, 1, lengths 3, 4, offsets 3 → 4 and 6 (follows) → 0. */
  private static final byte[] LEAF = {2, 5, 2, 1, 1, 3, 4, 4, 0};
  private static final byte[] METADATA =
      "{\"name\":\"hand-built\",\"vector_layers\":[]}".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path folder;

  @Test
  void readsAnArchiveBuiltFromTheSpecsBytes() throws Exception {
    try (PmtilesArchive archive = PmtilesArchive.open(write(handBuilt()))) {
      assertThat(text(archive.tile(0, 0, 0))).isEqualTo("A");
      assertThat(text(archive.tile(1, 0, 0))).as("tile id 1").isEqualTo("BB");
      assertThat(text(archive.tile(1, 0, 1))).as("tile id 2, the run's second tile").isEqualTo("BB");
      assertThat(archive.tile(1, 1, 1)).as("tile id 3, not in the archive").isNull();
      assertThat(text(archive.tile(1, 1, 0))).as("tile id 4, sharing tile 0's bytes").isEqualTo("A");
      assertThat(text(archive.tile(2, 0, 0))).as("tile id 5, in the leaf").isEqualTo("CCC");
      assertThat(archive.tile(2, 1, 0)).as("tile id 6, after the run of one").isNull();
      assertThat(text(archive.tile(2, 1, 1))).as("tile id 7, in the leaf").isEqualTo("DDDD");
      assertThat(archive.tile(2, 3, 3)).as("past the last entry").isNull();
      assertThat(archive.tile(3, 0, 0)).as("beyond the max zoom").isNull();

      ArchiveMetadata metadata = archive.metadata();
      assertThat(metadata.format()).isEqualTo("png");
      assertThat(metadata.tileCompression()).isEqualTo(TileCompression.NONE);
      assertThat(metadata.minzoom()).isZero();
      assertThat(metadata.maxzoom()).isEqualTo(2);
      assertThat(metadata.bounds().west()).isCloseTo(-10.5, within(1e-9));
      assertThat(metadata.bounds().south()).isCloseTo(-20.25, within(1e-9));
      assertThat(metadata.bounds().east()).isCloseTo(30.125, within(1e-9));
      assertThat(metadata.bounds().north()).isCloseTo(40.0000001, within(1e-9));
      assertThat(metadata.tileJson()).isEqualTo(new JsonObject().put("name", "hand-built")
          .put("vector_layers", new JsonArray()).put("center", new JsonArray().add(1.5).add(2.25).add(1)));
    }
  }

  @Test
  void aFileThatIsNotPmtilesIsRefusedSayingSo() throws Exception {
    assertThatThrownBy(() -> PmtilesArchive.open(write(new byte[0])))
        .isInstanceOf(IOException.class).hasMessageContaining("is not a PMTiles archive: it has 0 bytes");
    byte[] text = "SQLite format 3\0".repeat(20).getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> PmtilesArchive.open(write(text)))
        .isInstanceOf(IOException.class).hasMessageContaining("does not start with \"PMTiles\"");
    byte[] version2 = handBuilt();
    version2[7] = 2;
    assertThatThrownBy(() -> PmtilesArchive.open(write(version2)))
        .isInstanceOf(IOException.class).hasMessageContaining("PMTiles version 2; only version 3");
  }

  @Test
  void aTruncatedArchiveGivesAnIOExceptionNamingTheFile() throws Exception {
    byte[] whole = handBuilt();
    Path headerOnly = write(Arrays.copyOf(whole, 127 + 5));
    assertThatThrownBy(() -> PmtilesArchive.open(headerOnly)).isInstanceOf(IOException.class)
        .hasMessageContaining(headerOnly.toString()).hasMessageContaining("truncated or corrupt: its root directory");
    Path cut = write(Arrays.copyOf(whole, whole.length - 2));
    try (PmtilesArchive archive = PmtilesArchive.open(cut)) {
      assertThat(text(archive.tile(0, 0, 0))).isEqualTo("A");
      assertThatThrownBy(() -> archive.tile(2, 1, 1)).isInstanceOf(IOException.class)
          .hasMessageContaining(cut.toString()).hasMessageContaining("its tile at bytes");
    }
  }

  @Test
  void aCorruptDirectoryOrAnUnreadableInternalCompressionIsNamed() throws Exception {
    byte[] corrupt = handBuilt();
    corrupt[127] = 100;
    assertThatThrownBy(() -> PmtilesArchive.open(write(corrupt))).isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt root directory").hasMessageContaining("100 entries");
    byte[] brotli = handBuilt();
    brotli[97] = 3;
    assertThatThrownBy(() -> PmtilesArchive.open(write(brotli))).isInstanceOf(IOException.class)
        .hasMessageContaining("compresses its directories with brotli");
  }

  /** Header, root, metadata, leaf, data: the spec's usual order, with internal compression none. */
  private static byte[] handBuilt() {
    long rootOffset = 127;
    long metadataOffset = rootOffset + ROOT.length;
    long leafOffset = metadataOffset + METADATA.length;
    long dataOffset = leafOffset + LEAF.length;
    ByteBuffer header = ByteBuffer.allocate(127).order(ByteOrder.LITTLE_ENDIAN);
    header.put("PMTiles".getBytes(StandardCharsets.US_ASCII)).put((byte) 3);
    header.putLong(rootOffset).putLong(ROOT.length).putLong(metadataOffset).putLong(METADATA.length)
        .putLong(leafOffset).putLong(LEAF.length).putLong(dataOffset).putLong(DATA.length);
    header.putLong(6).putLong(5).putLong(4); // addressed tiles, tile entries, tile contents
    header.put((byte) 1).put((byte) 1).put((byte) 1).put((byte) 2); // clustered, internal none, tiles none, PNG
    header.put((byte) 0).put((byte) 2); // zooms
    header.putInt(-105_000_000).putInt(-202_500_000).putInt(301_250_000).putInt(400_000_001);
    header.put((byte) 1).putInt(15_000_000).putInt(22_500_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.array());
    out.writeBytes(ROOT);
    out.writeBytes(METADATA);
    out.writeBytes(LEAF);
    out.writeBytes(DATA);
    return out.toByteArray();
  }

  private Path write(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(folder, "archive", ".pmtiles"), bytes);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
  }
}
