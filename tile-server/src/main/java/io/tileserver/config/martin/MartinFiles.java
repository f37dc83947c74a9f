package io.tileserver.config.martin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Martin's file sections: {@code mbtiles} and {@code pmtiles} as our archive sources, {@code fonts}, sprites and styles. */
final class MartinFiles {
  private final MartinConfig config;

  MartinFiles(MartinConfig config) {
    this.config = config;
  }

  void read(MartinNode root) {
    archives(root, "mbtiles", ".mbtiles");
    archives(root, "pmtiles", ".pmtiles");
    fonts(root);
    for (String section : List.of("sprites", "styles")) {
      MartinNode node = root.node(section);
      if (node == null) {
        continue;
      }
      if (!node.strings("paths").isEmpty() || !node.entries("sources").isEmpty()) {
        config.unsupported(node.key("paths"), "this server serves its own packaged " + section
            + " (GET /catalog lists them), not files of yours");
      }
      node.raw("cache_size_mb");
      node.raw("cache");
      node.raw("rendering");
      config.warnUnread(node);
    }
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
    node.entries("sources").forEach((id, entry) -> {
      Object path = entry instanceof Map<?, ?> map ? map.get("path") : entry;
      if (path == null) {
        throw node.bad("sources." + id, "must be a path, or a mapping with a path", entry);
      }
      add(node, kind, id, path.toString());
    });
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
