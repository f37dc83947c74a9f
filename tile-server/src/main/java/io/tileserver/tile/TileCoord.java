package io.tileserver.tile;

/** A tile address in the XYZ scheme (y grows southwards), checked on construction. */
public record TileCoord(int z, int x, int y) {
  public static final int MAX_ZOOM = 30;

  public TileCoord {
    if (z < 0 || z > MAX_ZOOM) {
      throw new IllegalArgumentException("z=" + z + " out of range (0.." + MAX_ZOOM + ")");
    }
    long max = (1L << z) - 1;
    if (x < 0 || x > max) {
      throw new IllegalArgumentException("x=" + x + " out of range for z=" + z + " (0.." + max + ")");
    }
    if (y < 0 || y > max) {
      throw new IllegalArgumentException("y=" + y + " out of range for z=" + z + " (0.." + max + ")");
    }
  }

  @Override
  public String toString() {
    return z + "/" + x + "/" + y;
  }
}
