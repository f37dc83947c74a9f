package io.tileserver.mvt;

import org.locationtech.jts.geom.Envelope;

/** Tile bounds in EPSG:3857 for the XYZ (Google) tile scheme that spec 2.1 §3 refers to. */
public final class WebMercator {
  /** Half the width of the projected world: π × 6378137 m. */
  public static final double HALF_WORLD = Math.PI * 6378137.0;

  private WebMercator() {}

  /** Bounds of tile {@code z/x/y} (y counted down from the north edge) in EPSG:3857 metres. */
  public static Envelope tileBounds(int z, int x, int y) {
    if (z < 0 || z > 30) {
      throw new IllegalArgumentException("z must be in 0..30, was " + z);
    }
    long tiles = 1L << z;
    if (x < 0 || x >= tiles || y < 0 || y >= tiles) {
      throw new IllegalArgumentException(
          "x=" + x + ", y=" + y + " out of range for z=" + z + " (0.." + (tiles - 1) + ")");
    }
    double size = 2 * HALF_WORLD / tiles;
    double minX = -HALF_WORLD + x * size;
    double maxY = HALF_WORLD - y * size;
    return new Envelope(minX, minX + size, maxY - size, maxY);
  }
}
