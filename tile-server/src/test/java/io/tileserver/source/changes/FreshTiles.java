package io.tileserver.source.changes;

import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.TileCover;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the freshness tests share: a grid of tiles to warm, waiting (with a deadline) until changed
 * tiles serve new bytes, and the share of the other warmed tiles still answered from the cache.
 */
public final class FreshTiles {
  /** The functional deadline of a wait for new bytes; the goal (≤ 2 s) is reported, not asserted. */
  public static final long DEADLINE_MILLIS = 10_000;
  private static final long POLL_MILLIS = 5;

  private FreshTiles() {}

  /** {@code path(source, tile)}: {@code /tiles/<source>/<z>/<x>/<y>.pbf}. */
  public static String path(String source, TileCoord tile) {
    return "/tiles/" + source + "/" + tile.z() + "/" + tile.x() + "/" + tile.y() + ".pbf";
  }

  /** The z14 tiles within {@code radius} of {@code center} and their z13 and z12 parents' neighbourhoods. */
  public static List<TileCoord> around(TileCoord center, int radius) {
    List<TileCoord> tiles = new ArrayList<>();
    for (int z = center.z() - 2; z <= center.z(); z++) {
      int shift = center.z() - z;
      int r = Math.max(2, radius >> shift);
      for (int x = (center.x() >> shift) - r; x < (center.x() >> shift) + r; x++) {
        for (int y = (center.y() >> shift) - r; y < (center.y() >> shift) + r; y++) {
          tiles.add(new TileCoord(z, x, y));
        }
      }
    }
    return tiles;
  }

  /** The tiles {@code boxes} cover from zoom {@code minzoom} to {@code maxzoom} (no buffer): the ones a change must retire. */
  public static Set<TileCoord> covered(Collection<Bounds> boxes, int minzoom, int maxzoom) {
    return boxes.stream().flatMap(b -> TileCover.tiles(b, minzoom, maxzoom).stream())
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The bytes of each path now. */
  public static Map<String, byte[]> bodies(Function<String, HttpResponse<byte[]>> get, Collection<String> paths) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String path : paths) {
      HttpResponse<byte[]> r = get.apply(path);
      if (r.statusCode() != 200 && r.statusCode() != 204) {
        throw new AssertionError(path + " answered " + r.statusCode());
      }
      out.put(path, r.body());
    }
    return out;
  }

  /**
   * Polls every path of {@code before} until each serves other bytes, failing after
   * {@link #DEADLINE_MILLIS}; returns, per path, the milliseconds from {@code startNanos} until it did.
   */
  public static Map<String, Long> untilChanged(Function<String, HttpResponse<byte[]>> get, Map<String, byte[]> before,
      long startNanos) {
    long deadline = startNanos + DEADLINE_MILLIS * 1_000_000;
    Map<String, Long> changed = new LinkedHashMap<>();
    while (changed.size() < before.size()) {
      for (Map.Entry<String, byte[]> path : before.entrySet()) {
        if (!changed.containsKey(path.getKey()) && !Arrays.equals(path.getValue(), get.apply(path.getKey()).body())) {
          changed.put(path.getKey(), (System.nanoTime() - startNanos) / 1_000_000);
        }
      }
      if (changed.size() == before.size()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        List<String> waiting = new ArrayList<>(before.keySet());
        waiting.removeAll(changed.keySet());
        throw new AssertionError("still the old bytes after " + DEADLINE_MILLIS + " ms: " + waiting);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return changed;
  }

  /** The share of {@code paths} answered with {@code X-Cache: HIT}. */
  public static double hitShare(Function<String, HttpResponse<byte[]>> get, Collection<String> paths) {
    long hits = paths.stream().filter(p -> "HIT".equals(get.apply(p).headers().firstValue("X-Cache").orElse(null)))
        .count();
    return (double) hits / paths.size();
  }
}
