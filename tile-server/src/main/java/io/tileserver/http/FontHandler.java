package io.tileserver.http;

import io.tileserver.fonts.FontStack;
import io.tileserver.fonts.GlyphRange;
import io.tileserver.fonts.GlyphRenderBusyException;
import io.tileserver.fonts.GlyphService;
import io.tileserver.fonts.UnknownFontException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /fonts/{stack}/{start}-{end}.pbf}: SDF glyphs for MapLibre labels. A range that is not
 * a 256-aligned block, or a stack of no font or too many, is 400; a stack naming a font this server
 * lacks is 404 with the known names; a full render queue is 503 with {@code Retry-After}.
 */
final class FontHandler {
  private static final String CONTENT_TYPE = "application/x-protobuf";
  private static final int LISTED_NAMES = 20;
  private static final int RETRY_AFTER_SECONDS = 1;
  private final GlyphService glyphs;

  FontHandler(GlyphService glyphs) {
    this.glyphs = glyphs;
  }

  void range(RoutingContext ctx) {
    // The range as sent, not percent-decoded: %30-255.pbf is not a second URL (and CDN key) for 0-255.pbf.
    String path = ctx.request().path();
    String file = path.substring(path.lastIndexOf('/') + 1);
    // Martin's /font/{stack}/{start}-{end} names the range without the extension.
    boolean bare = path.startsWith("/font/") && !file.endsWith(".pbf");
    if (!bare && !file.endsWith(".pbf")) {
      throw ApiError.notFound("no glyph file " + file, "glyph ranges are served as {start}-{end}.pbf");
    }
    GlyphRange range;
    try {
      range = GlyphRange.parse(bare ? file : file.substring(0, file.length() - ".pbf".length()));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage(), "request 256-aligned blocks such as 0-255.pbf or 256-511.pbf");
    }
    FontStack stack;
    try {
      stack = glyphs.stack(ctx.pathParam("stack"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage(), "name 1 to " + glyphs.maxStackFonts()
          + " fonts, comma-separated, first choice first (fonts.max-stack-fonts)");
    }
    Future.fromCompletionStage(glyphs.range(stack, range), ctx.vertx().getOrCreateContext())
        .onSuccess(bytes -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
            .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400")
            .end(Buffer.buffer(bytes)))
        .onFailure(e -> ctx.fail(answer(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e)));
  }

  private Throwable answer(Throwable failure) {
    if (failure instanceof UnknownFontException unknown) {
      return notFound(unknown);
    }
    if (failure instanceof GlyphRenderBusyException busy) {
      return ApiError.unavailable(busy.getMessage(), RETRY_AFTER_SECONDS);
    }
    return failure;
  }

  private ApiError notFound(UnknownFontException e) {
    List<String> names = glyphs.catalog().names();
    String known = names.isEmpty() ? "none (check fonts.directory)"
        : String.join(", ", names.subList(0, Math.min(LISTED_NAMES, names.size())))
            + (names.size() > LISTED_NAMES ? ", …" : "");
    return ApiError.notFound(e.getMessage(), "fonts this server has: " + known);
  }
}
