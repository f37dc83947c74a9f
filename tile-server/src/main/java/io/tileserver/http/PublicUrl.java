package io.tileserver.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/**
 * The base URL clients reach this server at, for absolute URLs in TileJSON and styles: the configured
 * public URL, else {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} written by a trusted proxy
 * ({@link TrustedProxies}), else the request's own scheme and Host. Header values are checked so a
 * forged one cannot inject markup or paths.
 */
final class PublicUrl {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
  private final String configured;
  private final TrustedProxies proxies;

  /** @param configured {@code server.public-url}, or null */
  PublicUrl(String configured, TrustedProxies proxies) {
    this.configured = configured;
    this.proxies = proxies;
  }

  String of(HttpServerRequest request) {
    if (configured != null) {
      return configured;
    }
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
