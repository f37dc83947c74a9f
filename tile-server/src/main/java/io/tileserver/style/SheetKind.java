package io.tileserver.style;

import java.util.List;

/**
 * Which sheet of a sprite a client asks for: the pixel ratio (MapLibre asks for {@code @2x} on
 * high-density screens) and whether the images are signed distance fields (Martin's
 * {@code /sdf_sprite/}), which a style colours with {@code icon-color}.
 */
public record SheetKind(int pixelRatio, boolean sdf) {
  /** Every sheet a sprite has. */
  public static final List<SheetKind> ALL =
      List.of(new SheetKind(1, false), new SheetKind(2, false), new SheetKind(1, true), new SheetKind(2, true));

  public SheetKind {
    if (pixelRatio != 1 && pixelRatio != 2) {
      throw new IllegalArgumentException("pixel ratio must be 1 or 2, was " + pixelRatio);
    }
  }
}
