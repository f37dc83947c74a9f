package io.tileserver.http;

import io.tileserver.tile.TileCoord;
import java.util.Arrays;
import java.util.List;

/**
 * The parts of a tile path after {@code /tiles/}: {@code {z}/{x}/{y}.pbf} (the default composite)
 * or {@code {ids}/{z}/{x}/{y}.pbf}, or of Martin's {@code /{ids}/{z}/{x}/{y}} (extension optional).
 * Anything else is a 400 that says which part is wrong.
 *
 * @param sourceIds the requested ids, or empty for the default composite
 */
record TilePath(List<String> sourceIds, TileCoord coord) {
  private static final List<String> EXTENSIONS = List.of("pbf", "mvt");

  static TilePath parse(String ids, String z, String x, String yWithExtension) {
    return parse(ids, z, x, yWithExtension, false);
  }

  /** @param extensionOptional Martin's form: {@code y} may come bare */
  static TilePath parse(String ids, String z, String x, String yWithExtension, boolean extensionOptional) {
    int dot = yWithExtension.lastIndexOf('.');
    String y = dot < 0 ? yWithExtension : yWithExtension.substring(0, dot);
    String extension = dot < 0 ? "" : yWithExtension.substring(dot + 1);
    if (!EXTENSIONS.contains(extension) && !(extensionOptional && dot < 0)) {
      throw ApiError.badRequest("tile path must end in .pbf or .mvt, was '" + yWithExtension + "'",
          "request /tiles/{source}/{z}/{x}/{y}.pbf");
    }
    int zoom = number("z", z, TileCoord.MAX_ZOOM);
    long max = (1L << zoom) - 1;
    TileCoord coord = new TileCoord(zoom, number("x", x, max), number("y", y, max));
    return new TilePath(ids == null ? List.of() : sourceIds(ids), coord);
  }

  private static List<String> sourceIds(String ids) {
    List<String> sources = ids.indexOf(',') < 0 ? List.of(ids.trim())
        : Arrays.stream(ids.split(",", -1)).map(String::trim).toList();
    for (String id : sources) {
      if (id.isEmpty()) {
        throw ApiError.badRequest("source list '" + ids + "' has an empty id", "separate source ids with single commas");
      }
    }
    return sources;
  }

  private static int number(String name, String text, long max) {
    long value = DecimalText.parse(text);
    if (value < 0) {
      throw ApiError.badRequest(name + " must be an integer 0.." + max + " without leading zeros, was '"
          + ApiError.abbreviate(text) + "'", "request /tiles/{source}/{z}/{x}/{y}.pbf with plain decimal numbers");
    }
    if (value > max) {
      throw ApiError.badRequest(name + "=" + value + " out of range" + (name.equals("z") ? "" : " for this zoom")
          + " (0.." + max + ")", "x and y must be below 2^z");
    }
    return (int) value;
  }
}
