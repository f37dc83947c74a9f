package io.tileserver.style;

import io.vertx.core.json.JsonObject;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Packs images into one sheet with a shelf packer: tallest first, left to right in rows about as
 * wide as the square root of their area. Sprites hold tens to hundreds of small icons, where a
 * shelf wastes little; no Java library packs rectangles without bringing a texture toolkit with it.
 */
final class SpritePacker {
  /**
   * Transparent pixels between images: MapLibre samples icons with linear filtering when it scales
   * them, which at a fractional position reads the pixel beside the image's edge.
   */
  static final int GAP = 1;

  private SpritePacker() {}

  /** The sheet of {@code images}; an id given twice keeps its last image (composed sprites override). */
  static SpriteFiles pack(List<SpriteImage> images, int pixelRatio) {
    Map<String, SpriteImage> byId = new LinkedHashMap<>();
    images.forEach(image -> {
      byId.remove(image.id());
      byId.put(image.id(), image);
    });
    List<SpriteImage> order = new ArrayList<>(byId.values());
    order.sort(Comparator.comparingInt((SpriteImage i) -> -i.image().getHeight())
        .thenComparingInt(i -> -i.image().getWidth()).thenComparing(SpriteImage::id));
    long area = 0;
    int widest = 1;
    for (SpriteImage image : order) {
      area += (long) (image.image().getWidth() + GAP) * (image.image().getHeight() + GAP);
      widest = Math.max(widest, image.image().getWidth());
    }
    int rowWidth = Math.max(widest, (int) Math.ceil(Math.sqrt(area)));
    int[][] places = new int[order.size()][];
    int x = 0;
    int y = 0;
    int rowHeight = 0;
    int width = 1;
    for (int i = 0; i < order.size(); i++) {
      BufferedImage image = order.get(i).image();
      if (x > 0 && x + image.getWidth() > rowWidth) {
        x = 0;
        y += rowHeight + GAP;
        rowHeight = 0;
      }
      places[i] = new int[] {x, y};
      width = Math.max(width, x + image.getWidth());
      rowHeight = Math.max(rowHeight, image.getHeight());
      x += image.getWidth() + GAP;
    }
    int height = Math.max(1, y + rowHeight);
    BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = sheet.createGraphics();
    // Copy the pixels as they are: blending onto the transparent sheet would round translucent ones.
    g.setComposite(AlphaComposite.Src);
    Map<String, JsonObject> entries = new TreeMap<>();
    for (int i = 0; i < order.size(); i++) {
      SpriteImage image = order.get(i);
      g.drawImage(image.image(), places[i][0], places[i][1], null);
      entries.put(image.id(), new JsonObject().put("x", places[i][0]).put("y", places[i][1])
          .put("width", image.image().getWidth()).put("height", image.image().getHeight())
          .put("pixelRatio", pixelRatio).mergeIn(image.properties()));
    }
    g.dispose();
    JsonObject index = new JsonObject();
    entries.forEach(index::put);
    return new SpriteFiles(index, png(sheet));
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
