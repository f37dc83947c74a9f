package io.tileserver.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Recognises the tile URLs, {@code /tiles/{z}/{x}/{y}.pbf} and {@code /tiles/{ids}/{z}/{x}/{y}.pbf},
 * by splitting the path on slashes. Tiles are the hot path: matching them with Vert.x Web's
 * path-parameter routes ran up to five regular expressions per request, a fifth of a cached tile's
 * CPU in a JFR profile (bench/README.md). Segments are percent-decoded as path parameters are; the
 * cluster endpoints ({@code /tiles/{source}/clusters/{id}[/leaves]}) are left to their routes.
 *
 * @param ids the source list, or null for the default composite
 * @param y the last segment, extension included
 */
record TileUrl(String ids, String z, String x, String y) {
  private static final String PREFIX = "/tiles/";

  /** The tile URL of a (normalized) request path, or null when the path has another shape. */
  static TileUrl of(String path) {
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    for (String part : parts) {
      if (part.isEmpty()) {
        return null;
      }
    }
    return switch (parts.length) {
      case 3 -> parts[1].equals("clusters") ? null : new TileUrl(null, decode(parts[0]), decode(parts[1]), decode(parts[2]));
      case 4 -> parts[1].equals("clusters") && parts[3].equals("leaves") ? null
          : new TileUrl(decode(parts[0]), decode(parts[1]), decode(parts[2]), decode(parts[3]));
      default -> null;
    };
  }

  /** Percent-decoding as for a path parameter: a {@code +} stays a plus. */
  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("path segment '" + segment + "' has a malformed percent escape",
          "escape characters in tile URLs as %XX");
    }
  }
}
