package io.tileserver.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.tileserver.config.ConfigException;
import io.tileserver.config.FileKinds;
import io.tileserver.source.file.FeatureFiles;
import io.tileserver.source.file.FileFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Point;

/**
 * The sources {@code serve --data FILE…} adds to the config: one per file, named after the file
 * (its name without extension, lower-cased, other characters than letters, digits, {@code -} and
 * {@code _} made {@code _}; a repeated name gets {@code _2}, {@code _3}…). A CSV whose header names
 * a listing column (price, bedrooms, beds, bathrooms, baths, sqft, sqft_living), or a GeoJSON file
 * whose first feature is a point with such a property, becomes a cluster source with the listing
 * filters, as the packaged styles expect; any other file is served as what its extension says.
 */
final class DataFiles {
  private static final List<String> LISTING_COLUMNS =
      List.of("price", "bedrooms", "beds", "bathrooms", "baths", "sqft", "sqft_living");

  private DataFiles() {}

  /** Source id → its config tree (as YAML would give it), in the files' order. */
  static Map<String, Object> sources(List<Path> files) {
    Map<String, Object> sources = new LinkedHashMap<>();
    for (Path file : files) {
      String key = "--data " + file;
      String kind;
      try {
        kind = FileKinds.ofFile(file.toString());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + ": its extension tells no kind; use .geojson, .json, .ndjson, .geojsonl,"
            + " .geojsons, .csv, .mbtiles or .pmtiles");
      }
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(key + ": " + (Files.exists(file) ? "is not a file" : "does not exist"));
      }
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("file", file.toString());
      if (kind.equals("csv") ? hasListingColumns(file) : kind.equals("geojson") && startsWithListing(file)) {
        source.put("kind", "cluster");
        source.put("description", "Listings of " + file.getFileName());
        source.put("filters", listingFilters());
      }
      sources.put(unique(id(file), sources), source);
    }
    return sources;
  }

  static String id(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9_-]", "_").replaceFirst("^[^a-z0-9]+", "");
    return name.isEmpty() ? "data" : name;
  }

  private static String unique(String id, Map<String, Object> taken) {
    String candidate = id;
    for (int i = 2; taken.containsKey(candidate); i++) {
      candidate = id + "_" + i;
    }
    return candidate;
  }

  private static boolean hasListingColumns(Path file) {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(file.toFile())) {
      return rows.hasNext() && Arrays.stream(rows.next())
          .anyMatch(column -> LISTING_COLUMNS.contains(column.trim().toLowerCase(Locale.ROOT)));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("--data " + file + ": cannot read its header row: " + e.getMessage());
    }
  }

  /** Ends a read at the first feature: a file of millions need not be read to tell what it holds. */
  private static final class FirstFeature extends RuntimeException {
    final transient FileFeature feature;

    FirstFeature(FileFeature feature) {
      super(null, null, false, false);
      this.feature = feature;
    }
  }

  private static boolean startsWithListing(Path file) {
    try {
      FeatureFiles.read("--data " + file, "geojson", file, feature -> {
        throw new FirstFeature(feature);
      });
      return false;
    } catch (FirstFeature first) {
      return first.feature.geometry() instanceof Point && first.feature.properties().keySet().stream()
          .anyMatch(name -> LISTING_COLUMNS.contains(name.toLowerCase(Locale.ROOT)));
    }
  }

  /** The listings map's filters, as deploy/local/tile-server.yaml declares them for its cluster source. */
  private static Map<String, Object> listingFilters() {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("minPrice", Map.of("column", "price", "op", ">=", "type", "number", "min", 0));
    filters.put("maxPrice", Map.of("column", "price", "op", "<=", "type", "number", "min", 0));
    filters.put("beds", Map.of("column", "bedrooms", "op", ">=", "type", "int", "min", 0, "max", 50));
    filters.put("baths", Map.of("column", "bathrooms", "op", ">=", "type", "number", "min", 0, "max", 50));
    filters.put("type", Map.of("column", "property_type", "op", "in", "type", "text",
        "values", List.of("house", "condo", "townhouse", "apartment", "land")));
    filters.put("status", Map.of("column", "status", "op", "in", "type", "text",
        "values", List.of("active", "pending", "sold")));
    return filters;
  }
}
