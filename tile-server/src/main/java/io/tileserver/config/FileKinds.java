package io.tileserver.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The source kinds read from a file, and the kind a file name tells when the config gives none:
 * {@code .geojson}, {@code .json} (a FeatureCollection), {@code .ndjson}, {@code .geojsonl},
 * {@code .geojsons} (one feature per line) → geojson; {@code .csv} → csv; {@code .mbtiles},
 * {@code .pmtiles} → themselves.
 */
public final class FileKinds {
  /** Kinds whose source is a file and nothing else. */
  public static final Set<String> FILE_KINDS = Set.of("geojson", "csv", "mbtiles", "pmtiles");
  private static final List<String> GEOJSON = List.of(".geojson", ".json");
  private static final List<String> LINES = List.of(".ndjson", ".geojsonl", ".geojsons");

  private FileKinds() {}

  /** The kind {@code file}'s extension tells; a {@code kind} error when it tells none. */
  public static String ofFile(String file) {
    String name = file.toLowerCase(Locale.ROOT);
    if (GEOJSON.stream().anyMatch(name::endsWith) || isLineDelimited(file)) {
      return "geojson";
    }
    for (String kind : List.of("csv", "mbtiles", "pmtiles")) {
      if (name.endsWith("." + kind)) {
        return kind;
      }
    }
    throw new InvalidValue("kind", "is needed for " + file + ": its extension tells no kind (.geojson, .json,"
        + " .ndjson, .geojsonl, .geojsons, .csv, .mbtiles, .pmtiles); set kind: geojson, csv, mbtiles or pmtiles");
  }

  /** Whether a GeoJSON file holds one feature per line rather than a FeatureCollection. */
  public static boolean isLineDelimited(String file) {
    String name = file.toLowerCase(Locale.ROOT);
    return LINES.stream().anyMatch(name::endsWith);
  }
}
