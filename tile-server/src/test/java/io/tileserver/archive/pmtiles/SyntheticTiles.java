package io.tileserver.archive.pmtiles;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileArchiveWriter;
import io.tileserver.archive.TileCompression;
import io.tileserver.tile.Bounds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Tiles of zooms 0–8, enough for leaf directories: every tile of zooms 0–7 and four in five of zoom 8
 * (holes, so tile ids do not simply count up), mostly with their own bytes of scattered lengths (so the
 * directories do not compress to nothing, as real ones do not), plus two kinds of repeats: the
 * south-west quarter of zoom 8 is one "ocean" tile (a quadrant is one stretch of the Hilbert curve, so
 * one run of 16,384), and scattered zoom-7 tiles share a "land" tile (the same bytes far apart: stored
 * once, not a run).
 */
final class SyntheticTiles {
  static final byte[] OCEAN = "ocean".getBytes(StandardCharsets.UTF_8);
  static final byte[] LAND = "land, shared by scattered tiles".getBytes(StandardCharsets.UTF_8);
  static final int MAX_ZOOM = 8;

  private SyntheticTiles() {}

  /** Tile "z/x/y" → bytes, in z, x, y order. */
  static Map<String, byte[]> tiles() {
    Map<String, byte[]> tiles = new LinkedHashMap<>();
    for (int z = 0; z <= MAX_ZOOM; z++) {
      for (int x = 0; x < 1 << z; x++) {
        for (int y = 0; y < 1 << z; y++) {
          if (z < MAX_ZOOM || isOcean(z, x, y) || noise(z, x, y) % 5 != 0) {
            tiles.put(z + "/" + x + "/" + y, bytes(z, x, y));
          }
        }
      }
    }
    return tiles;
  }

  static byte[] bytes(int z, int x, int y) {
    if (isOcean(z, x, y)) {
      return OCEAN;
    }
    if (z == 7 && (x * 31 + y) % 97 == 0) {
      return LAND;
    }
    return ("tile " + z + "/" + x + "/" + y + " " + "#".repeat(noise(z, x, y) % 200))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isOcean(int z, int x, int y) {
    return z == 8 && x < 128 && y >= 128;
  }

  /** A number that looks random but is the same for a tile every time. */
  private static int noise(int z, int x, int y) {
    return new SplittableRandom(((long) z << 40) ^ ((long) x << 20) ^ y).nextInt(1 << 20);
  }

  static int oceanTiles() {
    return 128 * 128;
  }

  static long distinctContents(Map<String, byte[]> tiles) {
    return tiles.values().stream().map(b -> new String(b, StandardCharsets.UTF_8)).distinct().count();
  }

  static ArchiveMetadata metadata(TileCompression compression) {
    JsonObject tileJson = new JsonObject().put("name", "synthetic").put("description", "every tile of z0–8")
        .put("attribution", "<a href=\"https://example.com\">Example</a>")
        .put("center", new JsonArray().add(8.5).add(47.25).add(3))
        .put("vector_layers", new JsonArray().add(new JsonObject().put("id", "roads")
            .put("fields", new JsonObject().put("name", "String")).put("minzoom", 0).put("maxzoom", MAX_ZOOM)))
        .put("generator", new JsonObject().put("name", "test").put("runs", 3));
    return new ArchiveMetadata("pbf", compression, 0, MAX_ZOOM, new Bounds(-170.5, -60.25, 175.125, 80.0000001),
        tileJson);
  }

  /** Writes {@code tiles} from four threads in a shuffled order, as a parallel copy would. */
  static void writeShuffled(TileArchiveWriter writer, Map<String, byte[]> tiles) throws Exception {
    List<String> keys = new ArrayList<>(tiles.keySet());
    Collections.shuffle(keys, new Random(42));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int part = 0; part < 4; part++) {
        List<String> share = keys.subList(part * keys.size() / 4, (part + 1) * keys.size() / 4);
        done.add(threads.submit(() -> {
          for (String key : share) {
            int[] zxy = zxy(key);
            writer.write(zxy[0], zxy[1], zxy[2], tiles.get(key));
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  static int[] zxy(String key) {
    String[] parts = key.split("/");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
  }
}
