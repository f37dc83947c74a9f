package io.tileserver.archive.pmtiles;

/**
 * PMTiles v3 tile ids: every tile of zooms below z comes first ({@code (4^z - 1) / 3} of them), then
 * the tile's position along the Hilbert curve that fills the {@code 2^z × 2^z} grid of zoom z (XYZ,
 * y from the north). Neighbouring tiles get near ids, so directories delta-encode well and a
 * clustered archive keeps neighbours' bytes close.
 */
final class TileId {
  static final int MAX_ZOOM = 30;

  private TileId() {}

  static long of(int z, int x, int y) {
    if (z < 0 || z > MAX_ZOOM) {
      throw new IllegalArgumentException("z must be in 0.." + MAX_ZOOM + ", was " + z);
    }
    long n = 1L << z;
    if (x < 0 || x >= n || y < 0 || y >= n) {
      throw new IllegalArgumentException("x=" + x + ", y=" + y + " out of range for z=" + z + " (0.." + (n - 1) + ")");
    }
    long tilesAbove = ((1L << (2 * z)) - 1) / 3;
    long tx = x;
    long ty = y;
    long position = 0;
    for (long s = n >> 1; s > 0; s >>= 1) {
      int rx = (tx & s) != 0 ? 1 : 0;
      int ry = (ty & s) != 0 ? 1 : 0;
      position += s * s * ((3 * rx) ^ ry);
      // Turn the quadrant so that the curve inside it starts and ends where the next level expects.
      if (ry == 0) {
        if (rx == 1) {
          tx = n - 1 - tx;
          ty = n - 1 - ty;
        }
        long swap = tx;
        tx = ty;
        ty = swap;
      }
    }
    return tilesAbove + position;
  }
}
