package io.tileserver.mvt;

/**
 * How one layer's geometries are prepared (spec 2.1 §4.1 and §4.3).
 *
 * <p>These come from configuration, not constants: {@code extent} is the layer's coordinate range
 * (the spec's default is 4096); {@code buffer} is how far, in extent units, geometry may reach past
 * the tile edge before it is clipped, so strokes and labels near the edge render seamlessly; {@code
 * simplifyTolerance} is the Douglas–Peucker tolerance in extent units applied before quantization
 * (0 turns it off); {@code clip} can be turned off for input that is already clipped.
 *
 * @param extent layer extent, 1..2^30 (spec §4.1 {@code extent})
 * @param buffer clip margin in extent units, ≥ 0
 * @param simplifyTolerance simplification tolerance in extent units, ≥ 0
 * @param clip whether to clip geometry to the tile plus {@code buffer}
 */
public record LayerOptions(int extent, int buffer, double simplifyTolerance, boolean clip) {
  /** The spec's default extent (§4.1). */
  public static final int DEFAULT_EXTENT = 4096;

  /**
   * A buffer of 64 units is 4 pixels of a 256-pixel tile at extent 4096: enough for a line's
   * stroke or a point symbol's half-width, small enough to keep tiles tight.
   */
  public static final int DEFAULT_BUFFER = 64;

  /** Extent 4096, buffer 64, no simplification, clipping on. */
  public static final LayerOptions DEFAULTS =
      new LayerOptions(DEFAULT_EXTENT, DEFAULT_BUFFER, 0, true);

  public LayerOptions {
    if (extent <= 0 || extent > (1 << 30)) {
      throw new IllegalArgumentException("extent must be in 1..1073741824, was " + extent);
    }
    if (buffer < 0 || buffer > extent) {
      throw new IllegalArgumentException(
          "buffer must be in 0.." + extent + " (the extent), was " + buffer);
    }
    if (!(simplifyTolerance >= 0) || Double.isInfinite(simplifyTolerance)) {
      throw new IllegalArgumentException(
          "simplifyTolerance must be a finite number >= 0, was " + simplifyTolerance);
    }
  }

  public LayerOptions withExtent(int newExtent) {
    return new LayerOptions(newExtent, buffer, simplifyTolerance, clip);
  }

  public LayerOptions withBuffer(int newBuffer) {
    return new LayerOptions(extent, newBuffer, simplifyTolerance, clip);
  }

  public LayerOptions withSimplifyTolerance(double tolerance) {
    return new LayerOptions(extent, buffer, tolerance, clip);
  }

  public LayerOptions withClip(boolean newClip) {
    return new LayerOptions(extent, buffer, simplifyTolerance, newClip);
  }
}
