package io.tileserver.archive.pmtiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiles written by {@link PmtilesWriter} from several threads in any order read back byte for byte through {@link PmtilesArchive}. */
class PmtilesRoundTripTest {
  @TempDir
  static Path folder;
  static Map<String, byte[]> tiles;
  static Path archive;

  @BeforeAll
  static void writeSyntheticArchive() throws Exception {
    tiles = SyntheticTiles.tiles();
    archive = folder.resolve("synthetic.pmtiles");
    try (PmtilesWriter writer = PmtilesWriter.create(archive, TileCompression.NONE, "pbf")) {
      SyntheticTiles.writeShuffled(writer, tiles);
      writer.finish(SyntheticTiles.metadata(TileCompression.NONE));
    }
  }

  @Test
  void everyTileReadsBackByteEqualAndNeighboursOutsideAreAbsent() throws Exception {
    try (PmtilesArchive reader = PmtilesArchive.open(archive)) {
      for (Map.Entry<String, byte[]> tile : tiles.entrySet()) {
        int[] zxy = SyntheticTiles.zxy(tile.getKey());
        assertThat(reader.tile(zxy[0], zxy[1], zxy[2])).as(tile.getKey()).isEqualTo(tile.getValue());
      }
      assertThat(reader.tile(9, 0, 0)).as("below the deepest zoom").isNull();
    }
  }

  @Test
  void repeatedContentsAreStoredOnceAndNeighbouringRepeatsBecomeRuns() throws Exception {
    PmtilesHeader header = header(archive);
    assertThat(header.addressedTiles()).isEqualTo(tiles.size());
    assertThat(header.tileContents()).isEqualTo(SyntheticTiles.distinctContents(tiles));
    // The ocean quadrant is one entry instead of 16,384; the scattered land tiles stay separate entries.
    assertThat(header.tileEntries()).isEqualTo(tiles.size() - SyntheticTiles.oceanTiles() + 1);
    assertThat(header.clustered()).isTrue();
    long uniqueBytes = tiles.values().stream().map(b -> new String(b, StandardCharsets.UTF_8)).distinct()
        .mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
    assertThat(header.dataLength()).isEqualTo(uniqueBytes);
  }

  @Test
  void tooManyEntriesForTheRootGoToLeafDirectoriesAndTheRootStaysInTheFirst16KiB() throws Exception {
    PmtilesHeader header = header(archive);
    assertThat(header.leafLength()).isPositive();
    assertThat(header.rootOffset() + header.rootLength()).isLessThanOrEqualTo(16_384);
    assertThat(header.internalCompression()).isEqualTo(PmtilesHeader.COMPRESSION_GZIP);
  }

  @Test
  void metadataComesBackFromTheHeaderAndTheJsonSection() throws Exception {
    ArchiveMetadata written = SyntheticTiles.metadata(TileCompression.NONE);
    try (PmtilesArchive reader = PmtilesArchive.open(archive)) {
      ArchiveMetadata read = reader.metadata();
      assertThat(read.format()).isEqualTo("pbf");
      assertThat(read.tileCompression()).isEqualTo(TileCompression.NONE);
      assertThat(read.minzoom()).isZero();
      assertThat(read.maxzoom()).isEqualTo(SyntheticTiles.MAX_ZOOM);
      assertThat(read.bounds().west()).isCloseTo(written.bounds().west(), within(1e-7));
      assertThat(read.bounds().south()).isCloseTo(written.bounds().south(), within(1e-7));
      assertThat(read.bounds().east()).isCloseTo(written.bounds().east(), within(1e-7));
      assertThat(read.bounds().north()).isCloseTo(written.bounds().north(), within(1e-7));
      assertThat(read.tileJson()).isEqualTo(written.tileJson());
    }
    PmtilesHeader header = header(archive);
    assertThat(List.of(header.centerLonE7(), header.centerLatE7(), header.centerZoom()))
        .containsExactly(85_000_000, 472_500_000, 3);
  }

  @Test
  void manyThreadsReadAtOnce() throws Exception {
    List<String> keys = new ArrayList<>(tiles.keySet());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (PmtilesArchive reader = PmtilesArchive.open(archive)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int start = t;
        results.add(threads.submit(() -> {
          int matched = 0;
          for (int i = start; i < keys.size(); i += 8) {
            int[] zxy = SyntheticTiles.zxy(keys.get(i));
            if (java.util.Arrays.equals(reader.tile(zxy[0], zxy[1], zxy[2]), tiles.get(keys.get(i)))) {
              matched++;
            }
          }
          return matched;
        }));
      }
      int matched = 0;
      for (Future<Integer> result : results) {
        matched += result.get(60, TimeUnit.SECONDS);
      }
      assertThat(matched).isEqualTo(keys.size());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void anInterruptedReaderDoesNotBreakTheArchiveForOtherReads() throws Exception {
    try (PmtilesArchive reader = PmtilesArchive.open(archive)) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> reader.tile(8, 200, 10)).isInstanceOf(java.io.IOException.class);
      } finally {
        Thread.interrupted();
      }
      assertThat(reader.tile(8, 200, 10)).isEqualTo(tiles.get("8/200/10"));
    }
  }

  @Test
  void onlyTheFinishedArchiveIsLeftAndTheWriterKnowsWhatItWrote() throws Exception {
    Path out = folder.resolve("small.pmtiles");
    try (PmtilesWriter writer = PmtilesWriter.create(out, TileCompression.NONE, "png")) {
      writer.write(3, 1, 2, new byte[] {1, 2, 3});
      writer.write(3, 2, 2, new byte[0]);
      assertThat(writer.contains(3, 1, 2)).isTrue();
      assertThat(writer.contains(3, 2, 2)).as("an empty tile counts as written").isTrue();
      assertThat(writer.contains(3, 2, 1)).isFalse();
      assertThatThrownBy(() -> writer.write(3, 1, 2, new byte[] {4})).hasMessageContaining("3/1/2 was already written");
      assertThat(out).doesNotExist();
      writer.finish(new ArchiveMetadata("png", TileCompression.NONE, 0, 5, null, null));
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("small.pmtiles."));
    }
    try (PmtilesArchive reader = PmtilesArchive.open(out)) {
      assertThat(reader.tile(3, 1, 2)).containsExactly(1, 2, 3);
      assertThat(reader.tile(3, 2, 2)).as("PMTiles stores no empty tile").isNull();
      ArchiveMetadata metadata = reader.metadata();
      assertThat(metadata.format()).isEqualTo("png");
      assertThat(List.of(metadata.minzoom(), metadata.maxzoom())).containsExactly(0, 5);
      // Without bounds in the metadata, they are those of the tiles stored at the deepest zoom: 3/1/2.
      assertThat(metadata.bounds().west()).isCloseTo(-135, within(1e-7));
      assertThat(metadata.bounds().east()).isCloseTo(-90, within(1e-7));
      assertThat(metadata.bounds().north()).isCloseTo(66.5132604, within(1e-7));
      assertThat(metadata.bounds().south()).isCloseTo(40.9798981, within(1e-7));
    }
  }

  @Test
  void anUnfinishedWriterLeavesNothingBehind() throws Exception {
    Path out = folder.resolve("abandoned.pmtiles");
    try (PmtilesWriter writer = PmtilesWriter.create(out, TileCompression.GZIP, "pbf")) {
      writer.write(0, 0, 0, new byte[] {1, 2, 3});
      assertThat(folder.resolve("abandoned.pmtiles.spool")).as("tile bytes wait on disk").hasSize(3);
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("abandoned.pmtiles"));
    }
  }

  @Test
  void finishRefusesMetadataThatContradictsHowTheTilesWereWritten() throws Exception {
    try (PmtilesWriter writer = PmtilesWriter.create(folder.resolve("mismatch.pmtiles"), TileCompression.GZIP, "pbf")) {
      writer.write(0, 0, 0, new byte[] {1});
      assertThatThrownBy(() -> writer.finish(new ArchiveMetadata("pbf", TileCompression.NONE, 0, 0, null, null)))
          .hasMessageContaining("tile compression GZIP").hasMessageContaining("NONE");
    }
    assertThatThrownBy(() -> PmtilesWriter.create(folder.resolve("x.pmtiles"), TileCompression.NONE, "geojson"))
        .hasMessageContaining("not geojson");
  }

  static PmtilesHeader header(Path file) throws Exception {
    byte[] start = new byte[PmtilesHeader.LENGTH];
    try (var in = Files.newInputStream(file)) {
      assertThat(in.readNBytes(start, 0, start.length)).isEqualTo(start.length);
    }
    return PmtilesHeader.read(ByteBuffer.wrap(start), file.toString());
  }
}
