package io.tileserver.config.martin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Martin's file sections: {@code mbtiles} and {@code pmtiles} as our archive sources; {@code fonts},
 * {@code sprites} and {@code styles} as ours.
 */
final class MartinFiles {
  private final MartinConfig config;

  MartinFiles(MartinConfig config) {
    this.config = config;
  }

  void read(MartinNode root) {
    archives(root, "mbtiles", ".mbtiles");
    archives(root, "pmtiles", ".pmtiles");
    fonts(root);
    sprites(root);
    styles(root);
  }

  /** Martin's sprite directories are ours: {@code paths} (each named after the directory) and {@code sources}. */
  private void sprites(MartinNode root) {
    MartinNode node = root.node("sprites");
    if (node == null) {
      return;
    }
    List<String> paths = node.strings("paths");
    if (!paths.isEmpty()) {
      config.section("sprites").put("paths", paths);
    }
    Map<String, String> sources = paths(node, "sources");
    if (!sources.isEmpty()) {
      config.section("sprites").put("sources", sources);
    }
    if (!node.entries("aliases").isEmpty()) {
      config.unsupported(node.key("aliases"), "sprite aliases are not served; request the sprites composed"
          + " instead (/sprite/a,b.json) or list one directory holding every image");
    }
    for (String cache : List.of("cache_size_mb", "cache")) {
      if (node.raw(cache) != null) {
        config.note(node.key(cache), "sprite sheets are drawn at start and kept");
      }
    }
    config.warnUnread(node);
  }

  /** Martin's style files are ours: {@code paths} (files or directories, named after each file) and {@code sources}. */
  private void styles(MartinNode root) {
    MartinNode node = root.node("styles");
    if (node == null) {
      return;
    }
    List<String> paths = node.strings("paths");
    if (!paths.isEmpty()) {
      config.section("styles").put("paths", paths);
    }
    Map<String, String> sources = paths(node, "sources");
    if (!sources.isEmpty()) {
      config.section("styles").put("sources", sources);
    }
    Boolean rendering = node.bool("rendering");
    if (Boolean.TRUE.equals(rendering)) {
      config.unsupported(node.key("rendering"), "styles are not rendered to raster tiles or static images here");
    }
    config.warnUnread(node);
  }

  /** A section's {@code sources}: id → path, or id → {path: …}. */
  private static Map<String, String> paths(MartinNode node, String key) {
    Map<String, String> paths = new LinkedHashMap<>();
    node.entries(key).forEach((id, entry) -> {
      Object path = entry instanceof Map<?, ?> map ? map.get("path") : entry;
      if (path == null) {
        throw node.bad(key + "." + id, "must be a path, or a mapping with a path", entry);
      }
      paths.put(id, path.toString());
    });
    return paths;
  }

  /**
   * {@code paths} (files, or directories whose files of the kind are each a source named after the
   * file) and {@code sources} (id → path, or id → {path}) as sources of that kind.
   */
  private void archives(MartinNode root, String kind, String extension) {
    MartinNode node = root.node(kind);
    if (node == null) {
      return;
    }
    for (Path file : MartinConfig.files(node.strings("paths"), extension, node.key("paths"))) {
      add(node, kind, stem(file), file.toString());
    }
    paths(node, "sources").forEach((id, path) -> add(node, kind, id, path));
    for (String tuning : List.of("directory_cache_size_mb", "directory_cache", "reload_interval", "allow_http",
        "convert_to_mlt", "convert_to_mvt")) {
      node.raw(tuning);
    }
    config.warnUnread(node);
  }

  private void add(MartinNode node, String kind, String id, String path) {
    if (path.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      config.unsupported(node.key("sources"), "only local files are served, not " + path);
      return;
    }
    Map<String, Object> source = config.newSource(id);
    source.put("kind", kind);
    source.put("file", path);
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Martin's font files and directories are ours as they are ({@code fonts.paths}). */
  private void fonts(MartinNode root) {
    MartinNode fonts = root.node("fonts");
    if (fonts == null) {
      return;
    }
    // Fonts are asked for by their names, so a named source is one more path.
    List<String> paths = new ArrayList<>(fonts.strings("paths"));
    fonts.entries("sources").values().forEach(path -> paths.add(String.valueOf(path)));
    if (!paths.isEmpty()) {
      config.section("fonts").put("paths", paths);
    }
    Integer cacheMb = fonts.integer("cache_size_mb");
    if (cacheMb != null && cacheMb > 0) {
      config.section("fonts").put("cache-size-mb", cacheMb);
    }
    fonts.raw("cache");
    config.warnUnread(fonts);
  }
}
