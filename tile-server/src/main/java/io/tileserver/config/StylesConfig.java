package io.tileserver.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MapLibre styles served at {@code GET /styles/{name}.json} and the viewer at {@code GET /}.
 *
 * @param defaultStyle the style the viewer opens with
 * @param basemapUrl an optional MapLibre style drawn beneath this server's layers by the viewer
 *     (for example an OpenMapTiles-schema style); without it the map needs nothing but this server
 * @param builtinBasemap serve the packaged outline basemap (countries and US states) as source
 *     {@code basemap}, which the packaged styles draw beneath everything (default true; a configured
 *     source of that id wins)
 * @param paths style files served beside the packaged ones (as Martin's {@code styles.paths}): each
 *     {@code .json} file is a style named after the file without {@code .json}; a directory serves
 *     every {@code .json} file under it
 * @param sources style name → style file
 */
public record StylesConfig(String defaultStyle, String basemapUrl, Boolean builtinBasemap, List<String> paths,
    Map<String, String> sources) {
  public StylesConfig {
    paths = paths == null ? List.of() : List.copyOf(paths);
    sources = sources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    builtinBasemap = builtinBasemap == null || builtinBasemap;
    defaultStyle = defaultStyle == null ? "listings" : defaultStyle;
    InvalidValue.require(defaultStyle.matches("[a-z0-9][a-z0-9-]{0,63}"), "default-style",
        "must be a style name like listings (lower-case letters, digits, dashes), was " + defaultStyle);
    basemapUrl = basemapUrl == null || basemapUrl.isBlank() ? null : basemapUrl;
    InvalidValue.require(basemapUrl == null || basemapUrl.matches("https?://.+"), "basemap-url",
        "must start with http:// or https://, was " + basemapUrl);
  }
}
