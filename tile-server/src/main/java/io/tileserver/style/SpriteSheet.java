package io.tileserver.style;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The styles' sprite: one stretchable, signed-distance-field "pill" that symbol layers fit around
 * their text ({@code icon-text-fit}) and colour with {@code icon-color}, so one image draws price
 * pills in every status colour. Drawn in code at start (no binary asset to keep in step), for pixel
 * ratios 1 and 2, in the encoding of SDF glyphs: the edge at alpha 192, 32 units per pixel.
 */
public final class SpriteSheet {
  /** The sprite's name in URLs: {@code /sprites/listings.json}, {@code /sprites/listings@2x.png}. */
  public static final String NAME = "listings";
  public static final String PILL = "pill";
  private static final int RADIUS = 9;
  private static final int STRETCH = 4;
  private static final int PAD = 4;

  private SpriteSheet() {}

  /**
   * The sprite, at both pixel ratios. The pill is a distance field already, so the SDF sheets
   * ({@code /sdf_sprite/listings}) hold the same image.
   */
  public static Sprite packaged() {
    Map<SheetKind, List<SpriteImage>> images = new LinkedHashMap<>();
    for (int ratio = 1; ratio <= 2; ratio++) {
      int r = RADIUS * ratio;
      int stretch = STRETCH * ratio;
      int pad = PAD * ratio;
      int width = 2 * (pad + r) + stretch;
      int height = 2 * (pad + r) + stretch;
      JsonObject properties = new JsonObject()
          .put("sdf", true)
          .put("stretchX", new JsonArray().add(new JsonArray().add(pad + r).add(pad + r + stretch)))
          .put("stretchY", new JsonArray().add(new JsonArray().add(pad + r).add(pad + r + stretch)))
          .put("content", new JsonArray().add(pad + r / 2).add(pad + r / 3)
              .add(width - pad - r / 2).add(height - pad - r / 3));
      List<SpriteImage> pill = List.of(new SpriteImage(PILL, pill(width, height, pad, r, ratio), properties));
      images.put(new SheetKind(ratio, false), pill);
      images.put(new SheetKind(ratio, true), pill);
    }
    return new Sprite(NAME, images);
  }

  /** A rounded rectangle's signed distance field in the alpha channel of a white image. */
  private static BufferedImage pill(int width, int height, int pad, int r, int ratio) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    double halfW = (width - 2.0 * pad) / 2;
    double halfH = (height - 2.0 * pad) / 2;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double qx = Math.abs(x + 0.5 - width / 2.0) - (halfW - r);
        double qy = Math.abs(y + 0.5 - height / 2.0) - (halfH - r);
        double outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
        double distance = (outside + Math.min(Math.max(qx, qy), 0) - r) / ratio;
        int alpha = (int) Math.max(0, Math.min(255, Math.round(192 - 32 * distance)));
        image.setRGB(x, y, alpha << 24 | 0xFFFFFF);
      }
    }
    return image;
  }
}
