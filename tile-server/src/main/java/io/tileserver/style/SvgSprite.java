package io.tileserver.style;

import io.tileserver.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory of SVG files as a sprite, as Martin makes one: every {@code *.svg} below it, searched
 * recursively, is an image whose id is its path below the directory without the extension
 * ({@code icons/bicycle.svg} is {@code icons/bicycle}). Each is drawn at pixel ratios 1 and 2, and
 * as a signed distance field at both.
 */
final class SvgSprite {
  private SvgSprite() {}

  /** {@code key} names the directory's config entry in errors. */
  static Sprite load(String name, Path directory, String key) {
    if (!Files.exists(directory)) {
      throw new ConfigException(key + ": " + directory + " does not exist; name a directory of SVG files");
    }
    if (!Files.isDirectory(directory)) {
      throw new ConfigException(key + ": " + directory + " is not a directory; name a directory of SVG files");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files = walk.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg"))
          .filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot list " + directory + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new ConfigException(key + ": " + directory + " holds no .svg files");
    }
    Map<SheetKind, List<SpriteImage>> images = new LinkedHashMap<>();
    SheetKind.ALL.forEach(kind -> images.put(kind, new ArrayList<>()));
    for (Path file : files) {
      String id = id(directory.relativize(file));
      SvgImage svg = SvgImage.read(file, key);
      for (int ratio = 1; ratio <= 2; ratio++) {
        var drawn = svg.draw(ratio);
        images.get(new SheetKind(ratio, false)).add(new SpriteImage(id, drawn, new JsonObject()));
        images.get(new SheetKind(ratio, true))
            .add(new SpriteImage(id, SdfImage.of(drawn, ratio), new JsonObject().put("sdf", true)));
      }
    }
    return new Sprite(name, images);
  }

  /** The relative path with {@code /} between directories and no extension. */
  private static String id(Path relative) {
    List<String> parts = new ArrayList<>();
    relative.forEach(part -> parts.add(part.toString()));
    String last = parts.remove(parts.size() - 1);
    parts.add(last.substring(0, last.length() - ".svg".length()));
    return String.join("/", parts);
  }
}
