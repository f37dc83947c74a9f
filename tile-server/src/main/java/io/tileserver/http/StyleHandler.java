package io.tileserver.http;

import io.tileserver.source.SourceRegistry;
import io.tileserver.style.SpriteSheet;
import io.tileserver.style.StyleCatalog;
import io.tileserver.style.StyleRewriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /styles/{name}.json}: a packaged MapLibre style whose URLs point at this server as the
 * client reaches it, and {@code GET /sprites/listings[@2x].{json,png}}: the sprite it uses.
 */
final class StyleHandler {
  private static final Pattern SPRITE_FILE = Pattern.compile(Pattern.quote(SpriteSheet.NAME) + "(@2x)?\\.(json|png)");
  private final StyleCatalog styles;
  private final SpriteSheet sprite;
  private final SourceRegistry sources;
  private final PublicUrl publicUrl;
  private final String basemapUrl;

  StyleHandler(StyleCatalog styles, SpriteSheet sprite, SourceRegistry sources, PublicUrl publicUrl, String basemapUrl) {
    this.styles = styles;
    this.sprite = sprite;
    this.sources = sources;
    this.publicUrl = publicUrl;
    this.basemapUrl = basemapUrl;
  }

  /** {@code /styles/{name}.json}, or Martin's {@code /style/{name}}. */
  void style(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    var packaged = styles.find(name).orElseThrow(() -> ApiError.notFound("unknown style " + name,
        "styles this server has: " + String.join(", ", styles.names())));
    String base = publicUrl.of(ctx.request());
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    ctx.json(StyleRewriter.rewrite(packaged, base, new RegistryStandIns(sources), basemapUrl));
  }

  void sprite(RoutingContext ctx) {
    Matcher m = SPRITE_FILE.matcher(ctx.pathParam("file"));
    if (!m.matches()) {
      throw ApiError.notFound("unknown sprite file " + ctx.pathParam("file"),
          "the sprite is /sprites/" + SpriteSheet.NAME + ".json and .png (and @2x)");
    }
    int ratio = m.group(1) == null ? 1 : 2;
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400");
    if (m.group(2).equals("json")) {
      ctx.json(sprite.json(ratio));
    } else {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/png").end(Buffer.buffer(sprite.png(ratio)));
    }
  }
}
