package io.tileserver.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tiles a WGS84 bbox touches over a zoom range (Web Mercator, XYZ), for invalidating what a
 * changed polygon covers and for copying a region's tiles. {@link #count} comes first so a caller can bump a version instead of
 * listing millions of tiles.
 */
public final class TileCover {
  private TileCover() {}

  /** How many tiles {@code bounds} touches from {@code minzoom} to {@code maxzoom}. */
  public static long count(Bounds bounds, int minzoom, int maxzoom) {
    long total = 0;
    for (int z = minzoom; z <= maxzoom; z++) {
      int[] r = range(bounds, z);
      total += (long) (r[2] - r[0] + 1) * (r[3] - r[1] + 1);
    }
    return total;
  }

  /** The tiles themselves; check {@link #count} first. */
  public static List<TileCoord> tiles(Bounds bounds, int minzoom, int maxzoom) {
    List<TileCoord> out = new ArrayList<>();
    forEach(bounds, minzoom, maxzoom, out::add);
    return out;
  }

  /** Each tile in turn, zoom by zoom, without listing them: a copy may cover hundreds of millions. */
  public static void forEach(Bounds bounds, int minzoom, int maxzoom, Consumer<TileCoord> each) {
    for (int z = minzoom; z <= maxzoom; z++) {
      int[] r = range(bounds, z);
      for (int x = r[0]; x <= r[2]; x++) {
        for (int y = r[1]; y <= r[3]; y++) {
          each.accept(new TileCoord(z, x, y));
        }
      }
    }
  }

  /** {minX, minY, maxX, maxY} at zoom z; latitudes are clamped to the Web Mercator range. */
  private static int[] range(Bounds b, int z) {
    int max = (1 << z) - 1;
    return new int[] {column(b.west(), max), row(b.north(), max), column(b.east(), max), row(b.south(), max)};
  }

  private static int column(double lon, int max) {
    return clamp((int) Math.floor(WebMercator.x(lon) * (max + 1.0)), max);
  }

  private static int row(double lat, int max) {
    return clamp((int) Math.floor(WebMercator.y(lat) * (max + 1.0)), max);
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
