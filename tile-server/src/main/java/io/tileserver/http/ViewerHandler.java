package io.tileserver.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The demo viewer: {@code GET /} is its page, {@code /viewer/*} its script, styles and the packaged
 * MapLibre GL JS build, all from the jar's {@code viewer/} folder, so the page needs no CDN.
 */
final class ViewerHandler {
  static final String ASSETS = "viewer";
  private static final String STYLE_TOKEN = "%DEFAULT_STYLE%";
  private final String page;
  private final StaticHandler assets = StaticHandler.create(ASSETS).setCachingEnabled(false)
      .setDirectoryListing(false);

  /** @param page the page, from {@link #loadPage(String)} */
  ViewerHandler(String page) {
    this.page = page;
  }

  /**
   * Reads the page from the jar (blocking) with the style it opens with filled in.
   *
   * @param defaultStyle a style name (the config has checked that it is letters, digits, dashes)
   */
  static String loadPage(String defaultStyle) {
    return read(ASSETS + "/index.html").replace(STYLE_TOKEN, defaultStyle);
  }

  void page(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(page);
  }

  void assets(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.endsWith("/") || path.endsWith("/index.html")) {
      // The folder's index is the page template: answer with the page, its style filled in.
      page(ctx);
      return;
    }
    if (path.endsWith(".html")) {
      ctx.next();
      return;
    }
    if (ctx.request().path().endsWith(".mjs")) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8");
    }
    assets.handle(ctx);
  }

  private static String read(String resource) {
    try (InputStream in = ViewerHandler.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path; build with mvn package");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
