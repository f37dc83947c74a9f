package io.tileserver.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.FontsConfig;
import io.tileserver.config.ServerConfig;
import io.tileserver.fonts.FontCatalog;
import io.tileserver.fonts.GlyphRenderPool;
import io.tileserver.fonts.GlyphService;
import io.tileserver.source.SourceRegistry;
import io.tileserver.style.SpriteCatalog;
import io.tileserver.style.SpriteSheet;
import io.tileserver.style.StyleCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** What maps need besides tiles: styles, sprites, glyphs, and the viewer page. */
record MapResources(StyleCatalog styles, SpriteCatalog sprites, GlyphService glyphs, String viewerPage) {
  /** The handlers of the map routes. */
  /**
   * @param catalog the fonts, sprites and styles as Martin's {@code /catalog} lists them beside the
   *     tiles: {@code {"fonts": {name: {}}, "sprites": {name: {"images": […]}}, "styles": {name:
   *     {"path": …}}}}
   */
  record Handlers(StyleHandler styles, FontHandler fonts, ViewerHandler viewer, JsonObject catalog) {}

  /** Reads fonts, styles and sprites from disk and the jar, and draws the sprites: call off the event loop. */
  static MapResources load(ServerConfig config, MeterRegistry registry) {
    FontsConfig fontsConfig = config.fonts();
    FontCatalog fonts = FontCatalog.scan(fontsConfig.sources().stream().map(Path::of).toList());
    GlyphService glyphs = new GlyphService(fonts, fontsConfig.cacheSizeMb() * 1024L * 1024L,
        fontsConfig.maxStackFonts(), GlyphRenderPool.create(fontsConfig.renderThreads(), fontsConfig.renderQueue()),
        registry);
    SpriteCatalog sprites = SpriteCatalog.load(SpriteSheet.packaged(), config.sprites());
    return new MapResources(StyleCatalog.load(config.styles()), sprites, glyphs,
        ViewerHandler.loadPage(config.styles().defaultStyle()));
  }

  Handlers handlers(SourceRegistry sources, ServerConfig config, PublicUrl publicUrl) {
    return new Handlers(
        new StyleHandler(styles, sprites, sources, publicUrl, config.styles().basemapUrl()),
        new FontHandler(glyphs),
        new ViewerHandler(viewerPage),
        catalog());
  }

  private JsonObject catalog() {
    JsonObject fonts = new JsonObject();
    glyphs.catalog().names().forEach(name -> fonts.put(name, new JsonObject()));
    JsonObject styleEntries = new JsonObject();
    styles.names().forEach(name -> styleEntries.put(name, new JsonObject().put("path", "/styles/" + name + ".json")));
    JsonObject spriteEntries = new JsonObject();
    sprites.names().forEach(name -> spriteEntries.put(name, new JsonObject()
        .put("images", new JsonArray(List.copyOf(sprites.find(name).orElseThrow().imageIds())))));
    return new JsonObject().put("fonts", fonts).put("sprites", spriteEntries).put("styles", styleEntries);
  }
}
