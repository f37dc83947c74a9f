package io.tileserver.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.FontsConfig;
import io.tileserver.config.ServerConfig;
import io.tileserver.fonts.FontCatalog;
import io.tileserver.fonts.GlyphRenderPool;
import io.tileserver.fonts.GlyphService;
import io.tileserver.source.SourceRegistry;
import io.tileserver.style.SpriteSheet;
import io.tileserver.style.StyleCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** What maps need besides tiles: styles, their sprite, glyphs, and the viewer page. */
record MapResources(StyleCatalog styles, SpriteSheet sprite, GlyphService glyphs, String viewerPage) {
  /** The handlers of the map routes. */
  /**
   * @param catalog the fonts, sprites and styles as Martin's {@code /catalog} lists them beside the
   *     tiles: {@code {"fonts": {name: {}}, "sprites": {name: {"images": […]}}, "styles": {name:
   *     {"path": …}}}}
   */
  record Handlers(StyleHandler styles, FontHandler fonts, ViewerHandler viewer, JsonObject catalog) {}

  /** Reads fonts and styles from disk and the jar: call off the event loop. */
  static MapResources load(ServerConfig config, MeterRegistry registry) {
    FontsConfig fontsConfig = config.fonts();
    FontCatalog fonts = FontCatalog.scan(fontsConfig.sources().stream().map(Path::of).toList());
    GlyphService glyphs = new GlyphService(fonts, fontsConfig.cacheSizeMb() * 1024L * 1024L,
        fontsConfig.maxStackFonts(), GlyphRenderPool.create(fontsConfig.renderThreads(), fontsConfig.renderQueue()),
        registry);
    return new MapResources(StyleCatalog.packaged(), new SpriteSheet(), glyphs,
        ViewerHandler.loadPage(config.styles().defaultStyle()));
  }

  Handlers handlers(SourceRegistry sources, ServerConfig config, PublicUrl publicUrl) {
    return new Handlers(
        new StyleHandler(styles, sprite, sources, publicUrl, config.styles().basemapUrl()),
        new FontHandler(glyphs),
        new ViewerHandler(viewerPage),
        catalog());
  }

  private JsonObject catalog() {
    JsonObject fonts = new JsonObject();
    glyphs.catalog().names().forEach(name -> fonts.put(name, new JsonObject()));
    JsonObject styleEntries = new JsonObject();
    styles.names().forEach(name -> styleEntries.put(name, new JsonObject().put("path", "/styles/" + name + ".json")));
    JsonObject sprites = new JsonObject().put(SpriteSheet.NAME,
        new JsonObject().put("images", new JsonArray(List.copyOf(sprite.json(1).fieldNames()))));
    return new JsonObject().put("fonts", fonts).put("sprites", sprites).put("styles", styleEntries);
  }
}
