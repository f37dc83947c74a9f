package io.tileserver.config;

/**
 * Where glyph PBFs for style labels come from ({@code GET /fonts/{stack}/{range}.pbf}).
 *
 * @param directory searched recursively for {@code .ttf}, {@code .otf} and {@code .ttc} files; a
 *     missing directory serves no fonts (every stack is 404) rather than stopping the server
 * @param cacheSizeMb bound on the bytes of generated glyph ranges kept in memory
 */
public record FontsConfig(String directory, Integer cacheSizeMb) {
  /** Debian's {@code fonts-dejavu-core}/{@code fonts-open-sans} install under this directory. */
  public static final String DEFAULT_DIRECTORY = "/usr/share/fonts/truetype";

  public FontsConfig {
    directory = directory == null || directory.isBlank() ? DEFAULT_DIRECTORY : directory;
    cacheSizeMb = cacheSizeMb == null ? 32 : cacheSizeMb;
    InvalidValue.require(cacheSizeMb >= 1 && cacheSizeMb <= 4096, "cache-size-mb",
        "must be 1..4096, was " + cacheSizeMb);
  }
}
