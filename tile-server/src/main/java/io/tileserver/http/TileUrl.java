package io.tileserver.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Recognises the tile URLs, {@code /tiles/{z}/{x}/{y}.pbf} and {@code /tiles/{ids}/{z}/{x}/{y}.pbf},
 * and Martin's {@code /{ids}/{z}/{x}/{y}} when Martin's routes are on, by splitting the path on
 * slashes. Tiles are the hot path: matching them with Vert.x Web's
 * path-parameter routes ran up to five regular expressions per request, a fifth of a cached tile's
 * CPU in a JFR profile (bench/README.md). Segments are percent-decoded as path parameters are; the
 * cluster endpoints ({@code /tiles/{source}/clusters/{id}[/leaves]}) are left to their routes.
 *
 * @param ids the source list, or null for the default composite
 * @param y the last segment, extension included
 * @param martin Martin's form, whose last segment needs no extension
 */
record TileUrl(String ids, String z, String x, String y, boolean martin) {
  private static final String PREFIX = "/tiles/";
  /** First segments of this server's own four-segment paths: never Martin source lists. */
  private static final Set<String> OWN = Set.of("tiles", "admin", "fonts", "styles", "sprites", "viewer");

  /**
   * The tile URL of a (normalized) request path, or null when the path has another shape.
   *
   * @param martinRoutes whether {@code /{ids}/{z}/{x}/{y}} is a tile URL too
   */
  static TileUrl of(String path, boolean martinRoutes) {
    if (!path.startsWith(PREFIX)) {
      return martinRoutes ? martin(path) : null;
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    for (String part : parts) {
      if (part.isEmpty()) {
        return null;
      }
    }
    return switch (parts.length) {
      case 3 -> parts[1].equals("clusters") ? null
          : new TileUrl(null, decode(parts[0]), decode(parts[1]), decode(parts[2]), false);
      case 4 -> parts[1].equals("clusters") && parts[3].equals("leaves") ? null
          : new TileUrl(decode(parts[0]), decode(parts[1]), decode(parts[2]), decode(parts[3]), false);
      default -> null;
    };
  }

  private static TileUrl martin(String path) {
    String[] parts = path.substring(1).split("/", -1);
    if (parts.length != 4 || OWN.contains(parts[0])) {
      return null;
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        return null;
      }
    }
    return new TileUrl(decode(parts[0]), decode(parts[1]), decode(parts[2]), decode(parts[3]), true);
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
