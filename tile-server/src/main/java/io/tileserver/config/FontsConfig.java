package io.tileserver.config;

import java.util.List;

/**
 * Where glyph PBFs for style labels come from ({@code GET /fonts/{stack}/{range}.pbf}) and how much
 * work their requests may cause.
 *
 * @param directory searched recursively for {@code .ttf}, {@code .otf} and {@code .ttc} files; a
 *     missing directory serves no fonts (every stack is 404) rather than stopping the server
 * @param paths font files and directories (searched as {@code directory} is) to serve instead of
 *     {@code directory}, as Martin's {@code fonts.paths} lists them
 * @param cacheSizeMb bound on the bytes of rendered glyph ranges (one font, 256 code points each)
 *     kept in memory
 * @param maxStackFonts the most distinct fonts one stack may name; a longer stack is 400
 * @param renderThreads threads that render glyph ranges, apart from the tile workers
 * @param renderQueue ranges waiting for a render thread; beyond it a request is 503
 */
public record FontsConfig(String directory, Integer cacheSizeMb, Integer maxStackFonts, Integer renderThreads,
    Integer renderQueue, List<String> paths) {
  /** Debian's {@code fonts-dejavu-core}/{@code fonts-open-sans} install under this directory. */
  public static final String DEFAULT_DIRECTORY = "/usr/share/fonts/truetype";

  public FontsConfig {
    directory = directory == null || directory.isBlank() ? DEFAULT_DIRECTORY : directory;
    paths = paths == null ? List.of() : List.copyOf(paths);
    cacheSizeMb = cacheSizeMb == null ? 32 : cacheSizeMb;
    InvalidValue.require(cacheSizeMb >= 1 && cacheSizeMb <= 4096, "cache-size-mb",
        "must be 1..4096, was " + cacheSizeMb);
    maxStackFonts = maxStackFonts == null ? 8 : maxStackFonts;
    InvalidValue.require(maxStackFonts >= 1 && maxStackFonts <= 64, "max-stack-fonts",
        "must be 1..64, was " + maxStackFonts);
    renderThreads = renderThreads == null ? 1 : renderThreads;
    InvalidValue.require(renderThreads >= 1 && renderThreads <= 64, "render-threads",
        "must be 1..64, was " + renderThreads);
    renderQueue = renderQueue == null ? 16 : renderQueue;
    InvalidValue.require(renderQueue >= 1 && renderQueue <= 10_000, "render-queue",
        "must be 1..10000, was " + renderQueue);
  }

  /** Where fonts are read from: {@code paths} when given, else {@code directory}. */
  public List<String> sources() {
    return paths.isEmpty() ? List.of(directory) : paths;
  }
}
