package io.tileserver.style;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

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

  private final byte[][] png = new byte[3][];
  private final JsonObject[] json = new JsonObject[3];

  public SpriteSheet() {
    for (int ratio = 1; ratio <= 2; ratio++) {
      int r = RADIUS * ratio;
      int stretch = STRETCH * ratio;
      int pad = PAD * ratio;
      int width = 2 * (pad + r) + stretch;
      int height = 2 * (pad + r) + stretch;
      png[ratio] = encode(pill(width, height, pad, r, ratio));
      json[ratio] = new JsonObject().put(PILL, new JsonObject()
          .put("x", 0).put("y", 0).put("width", width).put("height", height).put("pixelRatio", ratio)
          .put("sdf", true)
          .put("stretchX", new JsonArray().add(new JsonArray().add(pad + r).add(pad + r + stretch)))
          .put("stretchY", new JsonArray().add(new JsonArray().add(pad + r).add(pad + r + stretch)))
          .put("content", new JsonArray().add(pad + r / 2).add(pad + r / 3)
              .add(width - pad - r / 2).add(height - pad - r / 3)));
    }
  }

  /** Pixel ratio 1 or 2 (MapLibre asks for {@code @2x} on high-density screens). */
  public byte[] png(int pixelRatio) {
    return png[pixelRatio];
  }

  public JsonObject json(int pixelRatio) {
    return json[pixelRatio];
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

  private static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
