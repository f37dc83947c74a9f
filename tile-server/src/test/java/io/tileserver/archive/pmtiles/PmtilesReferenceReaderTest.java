package io.tileserver.archive.pmtiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import io.tileserver.testing.NodeTools;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive from {@link PmtilesWriter} read by the reference reader, the npm {@code pmtiles}
 * package ({@code src/test/browser/pmtiles-dump.mjs}): it finds the same header, the same metadata,
 * and exactly the tiles written, each with the bytes written, walking our leaf directories with its
 * own parser and placing tiles with its own Hilbert curve; a thousand tiles fetched through its
 * z/x/y lookup come back as the bytes before gzip.
 */
class PmtilesReferenceReaderTest {
  @TempDir
  Path folder;

  @Test
  void theReferenceReaderFindsEveryTileWithItsBytesAndTheHeaderAndMetadataWeWrote() throws Exception {
    Map<String, byte[]> payloads = SyntheticTiles.tiles();
    // Stored gzip, as vector tiles usually are: the reader undoes it because the header says so.
    Map<String, byte[]> stored = new LinkedHashMap<>();
    payloads.forEach((key, payload) -> stored.put(key, gzip(payload)));
    ArchiveMetadata metadata = SyntheticTiles.metadata(TileCompression.GZIP);
    Path archive = folder.resolve("reference.pmtiles");
    try (PmtilesWriter writer = PmtilesWriter.create(archive, TileCompression.GZIP, "pbf")) {
      SyntheticTiles.writeShuffled(writer, stored);
      writer.finish(metadata);
    }

    NodeTools.install();
    JsonObject dump = new JsonObject(NodeTools.run(List.of("node", "pmtiles-dump.mjs", archive.toString()), 240));

    Map<String, String> expected = new LinkedHashMap<>();
    stored.forEach((key, bytes) -> expected.put(key, sha256(bytes)));
    assertThat(dump.getJsonObject("stored").getMap()).containsExactlyInAnyOrderEntriesOf(expected);
    JsonObject fetched = dump.getJsonObject("fetched");
    assertThat(fetched.size()).as("tiles fetched by z/x/y").isGreaterThan(900);
    for (String key : fetched.fieldNames()) {
      assertThat(fetched.getString(key)).as("uncompressed %s", key).isEqualTo(sha256(payloads.get(key)));
    }
    assertThat(dump.getInteger("leaves")).as("leaf directories walked").isPositive();
    assertThat(dump.getJsonObject("metadata")).isEqualTo(metadata.tileJson());

    JsonObject header = dump.getJsonObject("header");
    assertThat(header.getInteger("specVersion")).isEqualTo(3);
    assertThat(header.getLong("numAddressedTiles")).isEqualTo(payloads.size());
    assertThat(header.getLong("numTileEntries")).isEqualTo(payloads.size() - SyntheticTiles.oceanTiles() + 1);
    assertThat(header.getLong("numTileContents")).isEqualTo(SyntheticTiles.distinctContents(payloads));
    assertThat(header.getBoolean("clustered")).isTrue();
    assertThat(header.getInteger("internalCompression")).as("gzip").isEqualTo(2);
    assertThat(header.getInteger("tileCompression")).as("gzip").isEqualTo(2);
    assertThat(header.getInteger("tileType")).as("MVT").isEqualTo(1);
    assertThat(header.getInteger("minZoom")).isZero();
    assertThat(header.getInteger("maxZoom")).isEqualTo(SyntheticTiles.MAX_ZOOM);
    assertThat(header.getDouble("minLon")).isCloseTo(metadata.bounds().west(), within(1e-7));
    assertThat(header.getDouble("minLat")).isCloseTo(metadata.bounds().south(), within(1e-7));
    assertThat(header.getDouble("maxLon")).isCloseTo(metadata.bounds().east(), within(1e-7));
    assertThat(header.getDouble("maxLat")).isCloseTo(metadata.bounds().north(), within(1e-7));
    assertThat(header.getDouble("centerLon")).isEqualTo(8.5);
    assertThat(header.getDouble("centerLat")).isEqualTo(47.25);
    assertThat(header.getInteger("centerZoom")).isEqualTo(3);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
