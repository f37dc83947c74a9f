package io.tileserver.http;

import io.tileserver.config.ServerConfig;
import io.tileserver.fonts.FontCatalog;
import io.tileserver.fonts.GlyphService;
import io.tileserver.source.SourceRegistry;
import io.tileserver.style.SpriteSheet;
import io.tileserver.style.StyleCatalog;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/** What maps need besides tiles: styles, their sprite, glyphs, and the viewer page. */
record MapResources(StyleCatalog styles, SpriteSheet sprite, GlyphService glyphs, String viewerPage) {
  /** The handlers of the map routes. */
  record Handlers(StyleHandler styles, FontHandler fonts, ViewerHandler viewer) {}

  /** Reads fonts and styles from disk and the jar: call off the event loop. */
  static MapResources load(Vertx vertx, ServerConfig config) {
    FontCatalog fonts = FontCatalog.scan(Path.of(config.fonts().directory()));
    GlyphService glyphs = new GlyphService(fonts, config.fonts().cacheSizeMb() * 1024L * 1024L,
        command -> vertx.executeBlocking(() -> {
          command.run();
          return null;
        }, false));
    return new MapResources(StyleCatalog.packaged(), new SpriteSheet(), glyphs,
        ViewerHandler.loadPage(config.styles().defaultStyle()));
  }

  Handlers handlers(SourceRegistry sources, ServerConfig config, PublicUrl publicUrl) {
    return new Handlers(
        new StyleHandler(styles, sprite, sources, publicUrl, config.styles().basemapUrl()),
        new FontHandler(glyphs),
        new ViewerHandler(viewerPage));
  }
}
