package io.tileserver.http;

import io.tileserver.source.SourceRegistry;
import io.tileserver.style.SheetKind;
import io.tileserver.style.SpriteCatalog;
import io.tileserver.style.StyleCatalog;
import io.tileserver.style.StyleRewriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /styles/{name}.json}: a MapLibre style whose URLs point at this server as the client
 * reaches it, and {@code GET /sprites/{ids}[@2x].{json,png}}: a sprite, or several composed into one
 * sheet ({@code a,b}, as Martin's {@code /sprite/a,b.json}), plain or as signed distance fields.
 */
final class StyleHandler {
  private static final Pattern SPRITE_FILE = Pattern.compile("(.+?)(@2x)?\\.(json|png)");
  private final StyleCatalog styles;
  private final SpriteCatalog sprites;
  private final SourceRegistry sources;
  private final PublicUrl publicUrl;
  private final String basemapUrl;

  StyleHandler(StyleCatalog styles, SpriteCatalog sprites, SourceRegistry sources, PublicUrl publicUrl,
      String basemapUrl) {
    this.styles = styles;
    this.sprites = sprites;
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

  /** {@code /sprites/{ids}…}, or Martin's {@code /sprite/{ids}…}. */
  void sprite(RoutingContext ctx) {
    serveSprite(ctx, false);
  }

  /** {@code /sprites/sdf/{ids}…}, or Martin's {@code /sdf_sprite/{ids}…}: the images as distance fields. */
  void sdfSprite(RoutingContext ctx) {
    serveSprite(ctx, true);
  }

  private void serveSprite(RoutingContext ctx, boolean sdf) {
    String file = ctx.pathParam("file");
    Matcher m = SPRITE_FILE.matcher(file);
    if (!m.matches()) {
      throw ApiError.notFound("unknown sprite file " + file,
          "sprite files are {ids}.json and {ids}.png, and @2x; ids are comma-separated");
    }
    List<String> ids = List.of(m.group(1).split(",", -1));
    for (String id : ids) {
      if (sprites.find(id).isEmpty()) {
        throw ApiError.notFound("unknown sprite " + id,
            "sprites this server has: " + String.join(", ", sprites.names()));
      }
    }
    SheetKind kind = new SheetKind(m.group(2) == null ? 1 : 2, sdf);
    boolean json = m.group(3).equals("json");
    ctx.vertx().executeBlocking(() -> sprites.sheet(ids, kind)).onSuccess(sheet -> {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400");
      if (json) {
        ctx.json(sheet.index());
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/png").end(Buffer.buffer(sheet.png()));
      }
    }).onFailure(ctx::fail);
  }
}
