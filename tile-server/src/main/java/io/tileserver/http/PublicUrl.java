package io.tileserver.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/**
 * The base URL clients reach this server at, for absolute URLs in TileJSON and styles: the configured
 * public URL, else {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} from a proxy, else the request's
 * own scheme and Host. Header values are checked so a forged header cannot inject markup or paths.
 */
final class PublicUrl {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");

  private PublicUrl() {}

  static String of(HttpServerRequest request, String configured) {
    if (configured != null) {
      return configured;
    }
    String proto = first(request.getHeader("X-Forwarded-Proto"));
    if (!"http".equals(proto) && !"https".equals(proto)) {
      proto = request.isSSL() ? "https" : "http";
    }
    String host = first(request.getHeader("X-Forwarded-Host"));
    if (host == null || !HOST.matcher(host).matches()) {
      host = request.authority() == null ? null : request.authority().toString();
    }
    if (host == null || !HOST.matcher(host).matches()) {
      host = "localhost";
    }
    return proto + "://" + host;
  }

  private static String first(String header) {
    return header == null ? null : header.split(",")[0].trim();
  }
}
