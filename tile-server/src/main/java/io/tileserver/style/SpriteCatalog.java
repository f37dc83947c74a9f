package io.tileserver.style;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tileserver.config.ConfigException;
import io.tileserver.config.SpritesConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every sprite the server has: the packaged {@code listings} sprite and the SVG directories of the
 * {@code sprites} config section. A sheet is one sprite or, as Martin's {@code /sprite/a,b} asks,
 * several composed into one (an image id in two keeps the later one's image, as in Martin). Sheets
 * are packed when first asked for and kept; the images themselves are drawn at start.
 */
public final class SpriteCatalog {
  /** Sprite ids are URL path segments; commas join them, {@code @2x} and the extension follow. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  /** Composed sheets are as many as clients ask for: keep the last few. */
  private static final int KEPT_SHEETS = 64;

  private final Map<String, Sprite> sprites;
  private final Cache<List<Object>, SpriteFiles> sheets = Caffeine.newBuilder().maximumSize(KEPT_SHEETS).build();

  SpriteCatalog(Map<String, Sprite> sprites) {
    this.sprites = Map.copyOf(sprites);
  }

  /**
   * The packaged sprite and every configured directory, drawn now: call off the event loop. A bad
   * file, a missing directory or a name taken twice stops the start naming the config key.
   */
  public static SpriteCatalog load(Sprite packaged, SpritesConfig config) {
    Map<String, Sprite> sprites = new LinkedHashMap<>();
    sprites.put(packaged.name(), packaged);
    for (int i = 0; i < config.paths().size(); i++) {
      Path directory = Path.of(config.paths().get(i));
      String key = "sprites.paths[" + i + "]";
      Path fileName = directory.toAbsolutePath().normalize().getFileName();
      add(sprites, fileName == null ? "" : fileName.toString(), directory, key);
    }
    config.sources().forEach((name, directory) -> add(sprites, name, Path.of(directory), "sprites.sources." + name));
    return new SpriteCatalog(sprites);
  }

  private static void add(Map<String, Sprite> sprites, String name, Path directory, String key) {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(key + ": the sprite id \"" + name + "\" (of " + directory + ") must be letters,"
          + " digits, _, . and -; list the directory under sprites.sources with such an id");
    }
    if (sprites.containsKey(name)) {
      throw new ConfigException(key + ": the sprite id \"" + name + "\" (of " + directory + ") is taken"
          + (name.equals(SpriteSheet.NAME) ? " by the packaged sprite" : " already")
          + "; list the directory under sprites.sources with another id");
    }
    sprites.put(name, SvgSprite.load(name, directory, key));
  }

  public Optional<Sprite> find(String name) {
    return Optional.ofNullable(sprites.get(name));
  }

  public List<String> names() {
    return sprites.keySet().stream().sorted().toList();
  }

  /**
   * The sheet of the named sprites composed in that order (each name once): packs it on the first
   * request, so call off the event loop.
   *
   * @throws IllegalArgumentException if a name is not a sprite here
   */
  public SpriteFiles sheet(List<String> names, SheetKind kind) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(names));
    for (String name : distinct) {
      if (!sprites.containsKey(name)) {
        throw new IllegalArgumentException("unknown sprite " + name);
      }
    }
    return sheets.get(List.of(distinct, kind), k -> {
      List<SpriteImage> images = new ArrayList<>();
      distinct.forEach(name -> images.addAll(sprites.get(name).images(kind)));
      return SpritePacker.pack(images, kind.pixelRatio());
    });
  }
}
