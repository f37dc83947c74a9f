package io.tileserver.config;

/**
 * MapLibre styles served at {@code GET /styles/{name}.json} and the viewer at {@code GET /}.
 *
 * @param defaultStyle the style the viewer opens with
 * @param basemapUrl an optional MapLibre style drawn beneath this server's layers by the viewer
 *     (for example an OpenMapTiles-schema style); without it the map needs nothing but this server
 * @param builtinBasemap serve the packaged outline basemap (countries and US states) as source
 *     {@code basemap}, which the packaged styles draw beneath everything (default true; a configured
 *     source of that id wins)
 */
public record StylesConfig(String defaultStyle, String basemapUrl, Boolean builtinBasemap) {
  public StylesConfig {
    builtinBasemap = builtinBasemap == null || builtinBasemap;
    defaultStyle = defaultStyle == null ? "listings" : defaultStyle;
    InvalidValue.require(defaultStyle.matches("[a-z0-9][a-z0-9-]{0,63}"), "default-style",
        "must be a style name like listings (lower-case letters, digits, dashes), was " + defaultStyle);
    basemapUrl = basemapUrl == null || basemapUrl.isBlank() ? null : basemapUrl;
    InvalidValue.require(basemapUrl == null || basemapUrl.matches("https?://.+"), "basemap-url",
        "must start with http:// or https://, was " + basemapUrl);
  }
}
