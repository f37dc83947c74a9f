package io.tileserver.archive.mbtiles;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileFormat;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code metadata} table (MBTiles 1.3, "Metadata") as {@link ArchiveMetadata} and back. Rows
 * are text; {@code json} holds {@code vector_layers} and any other structured members, which join
 * the TileJSON as they are.
 */
final class MbtilesMetadata {
  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  /** Rows that are fields of {@link ArchiveMetadata} rather than TileJSON members. */
  private static final Set<String> OWN_FIELDS = Set.of("format", "minzoom", "maxzoom", "bounds");
  /** TileJSON members about serving (URLs, scheme), which describe a server, not the archive. */
  private static final Set<String> SERVED_ONLY = Set.of("tilejson", "tiles", "scheme", "grids", "data");

  private MbtilesMetadata() {}

  /**
   * Reads {@code rows} (name to value) and fills what they leave out from the tiles: the format
   * sniffed from {@code sample} (null when the file has no tiles), the zoom range from
   * {@code tileZooms} (the tiles' min and max; null when the rows have both).
   */
  static ArchiveMetadata fromRows(Map<String, String> rows, byte[] sample, int[] tileZooms, Path file)
      throws IOException {
    TileCompression compression = sample != null && startsWithGzip(sample) ? TileCompression.GZIP
        : TileCompression.NONE;
    String format = rows.containsKey("format") ? rows.get("format").trim() : sniffFormat(sample, compression);
    int minzoom = rows.containsKey("minzoom") ? zoom(rows.get("minzoom"), "minzoom", file) : tileZooms[0];
    int maxzoom = rows.containsKey("maxzoom") ? zoom(rows.get("maxzoom"), "maxzoom", file) : tileZooms[1];
    Bounds bounds = rows.containsKey("bounds") ? bounds(rows.get("bounds"), file) : null;

    JsonObject tileJson = new JsonObject();
    if (rows.containsKey("json")) {
      tileJson.mergeIn(jsonRow(rows.get("json"), file));
    }
    for (Map.Entry<String, String> row : rows.entrySet()) {
      String name = row.getKey();
      if (name.equals("center")) {
        tileJson.put("center", center(row.getValue(), file));
      } else if (!name.equals("json") && !OWN_FIELDS.contains(name)) {
        tileJson.put(name, row.getValue());
      }
    }
    return new ArchiveMetadata(format, compression, minzoom, maxzoom, bounds, tileJson);
  }

  /**
   * The rows that describe {@code metadata}: {@code name} (the file's name when the TileJSON has
   * none, as the spec requires one), {@code format}, zooms, {@code bounds}, {@code center} (the
   * middle of the bounds at minzoom when not given), text members as rows, and the structured
   * members ({@code vector_layers}, tilestats, …) in {@code json}.
   */
  static Map<String, String> toRows(ArchiveMetadata metadata, Path file) {
    if (metadata.tileCompression() != TileCompression.NONE && metadata.tileCompression() != TileCompression.GZIP) {
      throw new IllegalArgumentException("MBTiles stores tiles gzip-compressed or uncompressed, and readers tell"
          + " which from the bytes; " + metadata.tileCompression() + " tiles belong in a PMTiles archive");
    }
    JsonObject tileJson = metadata.tileJson();
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("name", tileJson.getValue("name") instanceof String name ? name : baseName(file));
    rows.put("format", metadata.format());
    rows.put("minzoom", Integer.toString(metadata.minzoom()));
    rows.put("maxzoom", Integer.toString(metadata.maxzoom()));
    Bounds bounds = metadata.bounds();
    if (bounds != null) {
      rows.put("bounds", joinNumbers(bounds.asList()));
    }
    if (tileJson.getValue("center") instanceof JsonArray center) {
      rows.put("center", joinNumbers(center.getList()));
    } else if (bounds != null) {
      rows.put("center", joinNumbers(List.of((bounds.west() + bounds.east()) / 2,
          (bounds.south() + bounds.north()) / 2, metadata.minzoom())));
    }
    JsonObject json = new JsonObject();
    for (Map.Entry<String, Object> member : tileJson) {
      String name = member.getKey();
      if (name.equals("name") || name.equals("center") || OWN_FIELDS.contains(name) || SERVED_ONLY.contains(name)) {
        continue;
      }
      if (member.getValue() instanceof String text) {
        rows.put(name, text);
      } else {
        json.put(name, member.getValue());
      }
    }
    if (!json.isEmpty()) {
      rows.put("json", json.encode());
    }
    return rows;
  }

  private static boolean startsWithGzip(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == GZIP_MAGIC[0] && bytes[1] == GZIP_MAGIC[1];
  }

  /** Gzip in MBTiles is the vector tiles' compression (the spec's pbf); images are told by signature. */
  private static String sniffFormat(byte[] sample, TileCompression compression) {
    if (sample == null || compression == TileCompression.GZIP) {
      return "pbf";
    }
    return switch (TileFormat.of(sample)) {
      case MVT -> "pbf";
      case PNG -> "png";
      case JPEG -> "jpg";
      case WEBP -> "webp";
    };
  }

  private static int zoom(String value, String key, Path file) throws IOException {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(file, key, "an integer zoom", value);
    }
  }

  private static Bounds bounds(String value, Path file) throws IOException {
    try {
      return Bounds.of(numbers(value));
    } catch (IllegalArgumentException e) {
      throw invalid(file, "bounds", "west,south,east,north in degrees", value);
    }
  }

  /** {@code lon,lat,zoom} as TileJSON's [lon, lat, zoom], the zoom an integer when it is one. */
  private static JsonArray center(String value, Path file) throws IOException {
    try {
      List<Double> numbers = numbers(value);
      if (numbers.size() != 3) {
        throw new IllegalArgumentException();
      }
      double zoom = numbers.get(2);
      return new JsonArray().add(numbers.get(0)).add(numbers.get(1))
          .add(zoom == Math.rint(zoom) ? (Object) (int) zoom : (Object) zoom);
    } catch (IllegalArgumentException e) {
      throw invalid(file, "center", "lon,lat,zoom", value);
    }
  }

  private static JsonObject jsonRow(String value, Path file) throws IOException {
    try {
      return new JsonObject(value);
    } catch (DecodeException | ClassCastException e) {
      throw invalid(file, "json", "a JSON object (with vector_layers)", value);
    }
  }

  private static List<Double> numbers(String value) {
    List<Double> numbers = new ArrayList<>();
    for (String part : value.split(",")) {
      numbers.add(Double.parseDouble(part.trim()));
    }
    return numbers;
  }

  /** Numbers as the spec's examples write them: {@code -180,-85.05,180,85.05}, no trailing {@code .0}. */
  private static String joinNumbers(List<?> numbers) {
    List<String> parts = new ArrayList<>();
    for (Object number : numbers) {
      parts.add(BigDecimal.valueOf(((Number) number).doubleValue()).stripTrailingZeros().toPlainString());
    }
    return String.join(",", parts);
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static IOException invalid(Path file, String key, String expected, String value) {
    String shown = value.length() > 200 ? value.substring(0, 200) + "…" : value;
    return new IOException(file + ": metadata " + key + " must be " + expected + ", was '" + shown + "'");
  }
}
