package io.tileserver.mvt;

import org.locationtech.jts.geom.Envelope;

/**
 * Maps input coordinates to tile coordinates: {@code tx = (x - originX) * scaleX}, {@code ty = (y -
 * originY) * scaleY}. Tile coordinates run from 0 to the extent with y pointing down (spec 2.1
 * §4.3.1), so a projected (EPSG:3857, y up) envelope maps its top-left corner to the origin and
 * gets a negative {@code scaleY}.
 *
 * @param originX input x that maps to tile x = 0
 * @param originY input y that maps to tile y = 0
 * @param scaleX tile units per input unit along x
 * @param scaleY tile units per input unit along y (negative for y-up input)
 */
public record TileTransform(double originX, double originY, double scaleX, double scaleY) {
  /** Input already in tile coordinates (pixels of the extent, y down). */
  public static final TileTransform IDENTITY = new TileTransform(0, 0, 1, 1);

  public TileTransform {
    if (!Double.isFinite(originX) || !Double.isFinite(originY)) {
      throw new IllegalArgumentException("origin must be finite, was " + originX + "," + originY);
    }
    if (!Double.isFinite(scaleX) || !Double.isFinite(scaleY) || scaleX == 0 || scaleY == 0) {
      throw new IllegalArgumentException("scale must be finite and non-zero, was " + scaleX + ","
          + scaleY);
    }
  }

  /** The transform for input in a projected, y-up system whose tile bounds are {@code bounds}. */
  public static TileTransform fromBounds(Envelope bounds, int extent) {
    if (bounds.isNull() || bounds.getWidth() <= 0 || bounds.getHeight() <= 0) {
      throw new IllegalArgumentException("tile bounds must have a positive area, was " + bounds);
    }
    return new TileTransform(
        bounds.getMinX(),
        bounds.getMaxY(),
        extent / bounds.getWidth(),
        -extent / bounds.getHeight());
  }
}
