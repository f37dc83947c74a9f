package io.tileserver.tile;

import org.locationtech.jts.geom.Envelope;

/**
 * The one Web Mercator of the server (EPSG:3857, the XYZ tile scheme). Tile bounds in metres for
 * the encoder, and longitude/latitude to and from world fractions: {@code x} grows east from 0 at
 * 180°W to 1 at 180°E, {@code y} grows south from 0 at 85.0511°N to 1 at 85.0511°S, the XYZ tile
 * scheme's orientation. The tile of a point at zoom z is {@code (floor(x·2^z), floor(y·2^z))}, so a
 * point on a tile's west or north edge belongs to that tile; the SQL oracle tests use the same two
 * formulas so membership agrees to the last bit for the longitude and to libm rounding for latitude.
 */
public final class WebMercator {
  /** Latitudes beyond ±this are clamped to the edge of the square world. */
  public static final double MAX_LATITUDE = 85.0511287798066;

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

  /** {@code (lon + 180) / 360}; exact at every tile edge down to zoom 22. */
  public static double x(double lon) {
    return (lon + 180) / 360;
  }

  /** {@code (1 − ln(tan(π/4 + φ/2)) / π) / 2}, clamped to [0, 1]. */
  public static double y(double lat) {
    double phi = Math.toRadians(Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)));
    double y = 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
    return Math.max(0, Math.min(1, y));
  }

  /** EPSG:3857 easting in metres of {@code lon}. */
  public static double metresX(double lon) {
    return (x(lon) - 0.5) * 2 * HALF_WORLD;
  }

  /** EPSG:3857 northing in metres of {@code lat}, clamped as {@link #y} is. */
  public static double metresY(double lat) {
    return (0.5 - y(lat)) * 2 * HALF_WORLD;
  }

  public static double lon(double x) {
    return x * 360 - 180;
  }

  public static double lat(double y) {
    return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * y))));
  }
}
