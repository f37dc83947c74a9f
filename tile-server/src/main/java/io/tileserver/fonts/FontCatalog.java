package io.tileserver.fonts;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fonts of a directory by name, as style {@code text-font} stacks name them. A face is known by
 * its full name ({@code DejaVu Sans Bold}); a regular face whose full name is just its family
 * ({@code DejaVu Sans}) is also known as {@code "<family> Regular"}, the name Martin and most
 * OpenMapTiles styles use. When two files give the same name, the first path in sort order wins.
 */
public final class FontCatalog {
  private static final Logger LOGGER = LoggerFactory.getLogger(FontCatalog.class);

  static {
    // A tile server has no display; without this AWT may look for one when fonts are first used.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private final Map<String, FontFace> byName;

  FontCatalog(Map<String, FontFace> byName) {
    this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
  }

  /**
   * Reads every {@code .ttf}, {@code .otf} and {@code .ttc} file of {@code paths}: files as they are,
   * directories recursively. A missing path is logged and skipped; the first file giving a name keeps it.
   */
  public static FontCatalog scan(List<Path> paths) {
    Map<String, FontFace> fonts = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isRegularFile(path)) {
        files.add(path);
        continue;
      }
      if (!Files.isDirectory(path)) {
        LOGGER.warn("fonts path {} does not exist; it serves no fonts (set fonts.directory or fonts.paths)", path);
        continue;
      }
      try (Stream<Path> walk = Files.walk(path)) {
        walk.filter(Files::isRegularFile).filter(FontCatalog::isFontFile).sorted().forEach(files::add);
      } catch (IOException e) {
        LOGGER.warn("cannot list fonts directory {}: {}", path, e.getMessage());
      }
    }
    for (Path file : files) {
      try {
        for (Font font : Font.createFonts(file.toFile())) {
          FontFace face = register(fonts, font.getFontName(Locale.ROOT), font, null);
          if (font.getFontName(Locale.ROOT).equals(font.getFamily(Locale.ROOT))) {
            register(fonts, font.getFamily(Locale.ROOT) + " Regular", font, face);
          }
        }
      } catch (IOException | FontFormatException e) {
        LOGGER.warn("skipping font file {}: {}", file, e.getMessage());
      }
    }
    LOGGER.info("{} font(s) from {}", fonts.size(), paths);
    return new FontCatalog(fonts);
  }

  private static boolean isFontFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".ttf") || name.endsWith(".otf") || name.endsWith(".ttc");
  }

  /** Registers {@code font} as {@code name} (as {@code face} when it already has one); the face, or null. */
  private static FontFace register(Map<String, FontFace> fonts, String name, Font font, FontFace face) {
    FontFace named = face != null ? face : new FontFace(name, font);
    if (fonts.putIfAbsent(name, named) != null) {
      LOGGER.debug("font name {} is given by more than one file; keeping the first", name);
      return face;
    }
    return named;
  }

  public Optional<FontFace> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every name a stack may use, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
