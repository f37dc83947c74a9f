package io.tileserver.archive.mbtiles;

import static io.tileserver.archive.mbtiles.TestTiles.gzip;
import static io.tileserver.archive.mbtiles.TestTiles.md5;
import static io.tileserver.archive.mbtiles.TestTiles.png;
import static io.tileserver.archive.mbtiles.TestTiles.sql;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MbtilesRoundTripTest {
  @TempDir
  Path dir;

  static Stream<Arguments> layoutsAndCompressions() {
    return Stream.of(MbtilesLayout.values())
        .flatMap(layout -> Stream.of(Arguments.of(layout, TileCompression.GZIP), Arguments.of(layout, TileCompression.NONE)));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("layoutsAndCompressions")
  void tilesAndMetadataComeBackAsTheyWereWritten(MbtilesLayout layout, TileCompression compression) throws Exception {
    Function<String, byte[]> tileBytes = compression == TileCompression.GZIP ? TestTiles::gzip : TestTiles::png;
    byte[] ocean = tileBytes.apply("ocean");
    Map<TileCoord, byte[]> tiles = new LinkedHashMap<>();
    tiles.put(new TileCoord(0, 0, 0), tileBytes.apply("world"));
    tiles.put(new TileCoord(1, 0, 0), ocean);
    tiles.put(new TileCoord(1, 1, 0), ocean);
    tiles.put(new TileCoord(1, 1, 1), tileBytes.apply("land"));
    tiles.put(new TileCoord(3, 2, 5), ocean);
    tiles.put(new TileCoord(3, 7, 0), new byte[0]);
    ArchiveMetadata metadata = metadata(compression == TileCompression.GZIP ? "pbf" : "png", compression);
    Path file = dir.resolve("round-trip.mbtiles");

    try (MbtilesWriter writer = MbtilesWriter.create(file, layout)) {
      writer.write(1, 1, 1, tileBytes.apply("replaced by a later write"));
      tiles.forEach((coord, bytes) -> write(writer, coord, bytes));
      writer.finish(metadata);
    }

    try (MbtilesArchive archive = MbtilesArchive.open(file)) {
      for (Map.Entry<TileCoord, byte[]> tile : tiles.entrySet()) {
        TileCoord coord = tile.getKey();
        assertThat(archive.tile(coord.z(), coord.x(), coord.y())).as("tile %s", coord).isEqualTo(tile.getValue());
      }
      assertThat(archive.tile(1, 0, 1)).as("a tile never written").isNull();
      assertThat(archive.metadata()).isEqualTo(metadata);
    }
    try (Connection connection = sql(file); Statement query = connection.createStatement()) {
      assertThat(count(query, "SELECT count(*) FROM tiles")).as("rows of the tiles view").isEqualTo(tiles.size());
      if (layout == MbtilesLayout.NORMALIZED) {
        assertThat(count(query, "SELECT count(*) FROM images")).as("identical tiles stored once").isEqualTo(4);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(MbtilesLayout.class)
  void tileIdsAndHashesAreTheMd5OfTheStoredBytes(MbtilesLayout layout) throws Exception {
    byte[] bytes = gzip("hashed");
    Path file = dir.resolve("hashed.mbtiles");
    try (MbtilesWriter writer = MbtilesWriter.create(file, layout)) {
      writer.write(2, 1, 1, bytes);
      writer.finish(metadata("pbf", TileCompression.GZIP));
    }
    String column = switch (layout) {
      case FLAT -> null;
      case FLAT_WITH_HASH -> "SELECT tile_hash FROM tiles_with_hash";
      case NORMALIZED -> "SELECT tile_id FROM map";
    };
    if (column != null) {
      try (Connection connection = sql(file); Statement query = connection.createStatement();
          ResultSet rows = query.executeQuery(column)) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo(md5(bytes));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(MbtilesLayout.class)
  void severalThreadsWriteAndThenReadOneFile(MbtilesLayout layout) throws Exception {
    Path file = dir.resolve("threads.mbtiles");
    int side = 128; // z7: 16384 tiles, four batches
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      try (MbtilesWriter writer = MbtilesWriter.create(file, layout)) {
        List<Future<?>> done = new ArrayList<>();
        for (int part = 0; part < 4; part++) {
          int first = part;
          done.add(threads.submit(() -> {
            for (int i = first; i < side * side; i += 4) {
              writer.write(7, i % side, i / side, png("tile " + (i % 1000)));
            }
            return null;
          }));
        }
        for (Future<?> each : done) {
          each.get(120, TimeUnit.SECONDS);
        }
        writer.finish(metadata("png", TileCompression.NONE));
      }
      try (MbtilesArchive archive = MbtilesArchive.open(file)) {
        List<Future<Integer>> matches = new ArrayList<>();
        for (int part = 0; part < 4; part++) {
          int first = part;
          matches.add(threads.submit(() -> {
            int matching = 0;
            for (int i = first; i < side * side; i += 4) {
              if (Arrays.equals(archive.tile(7, i % side, i / side), png("tile " + (i % 1000)))) {
                matching++;
              }
            }
            return matching;
          }));
        }
        int matching = 0;
        for (Future<Integer> each : matches) {
          matching += each.get(120, TimeUnit.SECONDS);
        }
        assertThat(matching).isEqualTo(side * side);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  static ArchiveMetadata metadata(String format, TileCompression compression) {
    JsonObject tileJson = new JsonObject()
        .put("name", "Round trip")
        .put("description", "tiles written and read back")
        .put("attribution", "© test")
        .put("version", "2.1.0")
        .put("type", "overlay")
        .put("center", new JsonArray().add(-122.33).add(47.61).add(3))
        .put("vector_layers", new JsonArray().add(new JsonObject().put("id", "roads").put("minzoom", 0)
            .put("maxzoom", 3).put("fields", new JsonObject().put("name", "String"))))
        .put("tilestats", new JsonObject().put("layerCount", 1));
    return new ArchiveMetadata(format, compression, 0, 3, new Bounds(-122.54, 47.08, -121.06, 47.78), tileJson);
  }

  private static void write(MbtilesWriter writer, TileCoord coord, byte[] bytes) {
    try {
      writer.write(coord.z(), coord.x(), coord.y(), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long count(Statement query, String sql) throws Exception {
    try (ResultSet rows = query.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
