package io.tileserver.cluster;

import io.tileserver.tile.WebMercator;

/**
 * A longitude/latitude box as the index sees it: inclusive ranges of quantized X and Y
 * ({@link MortonKey}), so a listing is inside when its stored (2 cm) position is. A box whose west
 * is east of its east crosses the antimeridian and is two ranges of X.
 */
public final class ViewportBox {
  private static final int MAX = (1 << MortonKey.BITS) - 1;

  /** Inclusive quantized ranges, one rectangle per pair of X ranges (two across the antimeridian). */
  final int[] minX;
  final int[] maxX;
  final int minY;
  final int maxY;

  private ViewportBox(int[] minX, int[] maxX, int minY, int maxY) {
    this.minX = minX;
    this.maxX = maxX;
    this.minY = minY;
    this.maxY = maxY;
  }

  /** Degrees, validated by the caller: longitudes in [-180, 180], latitudes in [-90, 90], south ≤ north. */
  public static ViewportBox of(double west, double south, double east, double north) {
    int x0 = MortonKey.quantize(WebMercator.x(west));
    int x1 = MortonKey.quantize(WebMercator.x(east));
    // Y grows southward.
    int y0 = MortonKey.quantize(WebMercator.y(north));
    int y1 = MortonKey.quantize(WebMercator.y(south));
    if (west > east) {
      return new ViewportBox(new int[] {x0, 0}, new int[] {MAX, x1}, y0, y1);
    }
    return new ViewportBox(new int[] {x0}, new int[] {x1}, y0, y1);
  }

  int rectangles() {
    return minX.length;
  }

  /** Is the quantized position of {@code key} inside? */
  boolean contains(long key) {
    int y = MortonKey.y(key);
    if (y < minY || y > maxY) {
      return false;
    }
    int x = MortonKey.x(key);
    for (int r = 0; r < minX.length; r++) {
      if (x >= minX[r] && x <= maxX[r]) {
        return true;
      }
    }
    return false;
  }
}
