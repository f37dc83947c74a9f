package io.tileserver.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Directories of SVG files served as MapLibre sprites ({@code GET /sprites/{id}.json|png}, and
 * {@code @2x}), as Martin's {@code sprites} section does. Every {@code *.svg} under a directory,
 * searched recursively, is one image named by its path below the directory without the extension
 * ({@code icons/bicycle.svg} is {@code icons/bicycle}).
 *
 * @param paths directories, each a sprite named after the directory
 * @param sources sprite id → directory
 */
public record SpritesConfig(List<String> paths, Map<String, String> sources) {
  public SpritesConfig {
    paths = paths == null ? List.of() : List.copyOf(paths);
    sources = sources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }
}
