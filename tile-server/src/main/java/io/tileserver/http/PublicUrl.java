package io.tileserver.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/**
 * The base URL clients reach this server at, for absolute URLs in TileJSON and styles: the configured
 * public URL, else {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} written by a trusted proxy
 * ({@link TrustedProxies}), else the request's own scheme and Host, followed by the configured base
 * path. Header values are checked so a forged one cannot inject markup or paths.
 */
final class PublicUrl {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
  /** A path as a proxy rewrote it: segments of URL path characters, no dot segments. */
  private static final Pattern REWRITTEN_PATH = Pattern.compile("(/(?!\\.\\.?(/|$))[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+");
  private final String configured;
  private final String basePath;
  private final TrustedProxies proxies;

  /**
   * @param configured {@code server.public-url}, or null
   * @param basePath {@code server.base-path}: empty, or a path starting with a slash
   */
  PublicUrl(String configured, String basePath, TrustedProxies proxies) {
    this.configured = configured;
    this.basePath = basePath;
    this.proxies = proxies;
  }

  /**
   * The absolute URL of the Martin-form TileJSON {@code request} was made at: its own path under
   * {@link #of}, or, with no base path configured, the path a trusted proxy says the client asked for
   * in {@code X-Rewrite-URL} (as nginx's {@code $request_uri}), as Martin reads it.
   */
  String martinTileJson(HttpServerRequest request, String ownPath) {
    String rewritten = basePath.isEmpty() && configured == null ? proxies.forwarded(request, "X-Rewrite-URL") : null;
    if (rewritten != null) {
      int query = rewritten.indexOf('?');
      String path = (query < 0 ? rewritten : rewritten.substring(0, query)).replaceAll("/+$", "");
      if (REWRITTEN_PATH.matcher(path).matches()) {
        return origin(request) + path;
      }
    }
    return of(request) + ownPath;
  }

  String of(HttpServerRequest request) {
    return configured != null ? configured : origin(request) + basePath;
  }

  private String origin(HttpServerRequest request) {
    String proto = proxies.forwarded(request, "X-Forwarded-Proto");
    if (!"http".equals(proto) && !"https".equals(proto)) {
      proto = request.isSSL() ? "https" : "http";
    }
    String host = proxies.forwarded(request, "X-Forwarded-Host");
    if (host == null || !HOST.matcher(host).matches()) {
      host = request.authority() == null ? null : request.authority().toString();
    }
    if (host == null || !HOST.matcher(host).matches()) {
      host = "localhost";
    }
    return proto + "://" + host;
  }
}
