package io.tileserver.style;

import java.util.List;
import java.util.Map;

/**
 * A named set of images, drawn once at start for every {@link SheetKind}: the packaged
 * {@code listings} sprite, or a directory of SVG files.
 *
 * @param images each kind's images, in the order of {@link #imageIds()}
 */
public record Sprite(String name, Map<SheetKind, List<SpriteImage>> images) {
  public Sprite {
    images = Map.copyOf(images);
    for (SheetKind kind : SheetKind.ALL) {
      if (!images.containsKey(kind)) {
        throw new IllegalArgumentException("sprite " + name + " lacks its " + kind + " images");
      }
    }
  }

  /** The ids of the images, as {@code /catalog} lists them. */
  public List<String> imageIds() {
    return images.get(SheetKind.ALL.get(0)).stream().map(SpriteImage::id).toList();
  }

  public List<SpriteImage> images(SheetKind kind) {
    return images.get(kind);
  }
}
