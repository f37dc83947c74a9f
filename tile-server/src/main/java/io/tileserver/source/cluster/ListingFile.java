package io.tileserver.source.cluster;

import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterIndex;
import io.tileserver.cluster.ClusterIndexBuilder;
import io.tileserver.cluster.ClusterLoad;
import io.tileserver.config.ConfigException;
import io.tileserver.source.file.FeatureFiles;
import io.tileserver.source.file.FileFeature;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Point;

/**
 * Reads the listings of a CSV or GeoJSON file of points into a cluster index: the file-backed
 * counterpart of the table load, feeding the same {@link ClusterIndexBuilder}. Each attribute is
 * taken from the first property named as below (any case):
 *
 * <ul>
 *   <li>price: {@code price}; bedrooms: {@code bedrooms}, {@code beds}; bathrooms: {@code bathrooms},
 *       {@code baths}; sqft: {@code sqft}, {@code sqft_living} — missing or not a number: NULL
 *       (matches no range filter)
 *   <li>property_type: {@code property_type}, {@code type}; status: {@code status} — missing or
 *       empty: {@value #DEFAULT_TYPE} and {@value #DEFAULT_STATUS}, so a file of sales without those
 *       columns still answers the type and status filters
 * </ul>
 *
 * <p>A listing's id is its row number in the file (1-based, rows without a position counted too),
 * since the ids a file carries need not be unique (the King County sales repeat a house's id).
 */
final class ListingFile {
  static final String DEFAULT_TYPE = "house";
  static final String DEFAULT_STATUS = "active";
  private static final List<String> PRICE = List.of("price");
  private static final List<String> BEDROOMS = List.of("bedrooms", "beds");
  private static final List<String> BATHROOMS = List.of("bathrooms", "baths");
  private static final List<String> SQFT = List.of("sqft", "sqft_living");
  private static final List<String> TYPE = List.of("property_type", "type");
  private static final List<String> STATUS = List.of("status");

  private ListingFile() {}

  /** Reads {@code file} (blocking); a bad file or a feature that is no point is a {@link ConfigException}. */
  static ClusterLoad load(String key, String kind, Path file, ClusterColumns columns) {
    long started = System.nanoTime();
    ClusterIndexBuilder builder = new ClusterIndexBuilder(columns, 0);
    long[] rows = {0};
    long skipped;
    try {
      skipped = FeatureFiles.read(key, kind, file, feature -> {
        rows[0]++;
        add(key, file, builder, rows[0], feature);
      });
    } catch (IllegalStateException e) {
      // The builder's limits: more than 255 distinct types or statuses, or more rows than an index holds.
      throw new ConfigException(key + ": " + file + ": " + e.getMessage());
    }
    long readMillis = (System.nanoTime() - started) / 1_000_000;
    long buildStarted = System.nanoTime();
    ClusterIndex index = builder.build().prepare();
    return new ClusterLoad(index, rows[0] + skipped, skipped, builder.clampedPrices(), readMillis,
        (System.nanoTime() - buildStarted) / 1_000_000);
  }

  private static void add(String key, Path file, ClusterIndexBuilder builder, long id, FileFeature feature) {
    if (!(feature.geometry() instanceof Point point)) {
      throw new ConfigException(key + ": " + file + ": the feature at line " + feature.line() + " is a "
          + feature.geometry().getGeometryType() + "; a cluster source takes points");
    }
    Map<String, Object> p = feature.properties();
    builder.add(id, point.getX(), point.getY(), integer(p, PRICE), (int) Math.min(integer(p, BEDROOMS), 127),
        number(p, BATHROOMS), integer(p, SQFT), text(p, TYPE, DEFAULT_TYPE), text(p, STATUS, DEFAULT_STATUS));
  }

  private static Object find(Map<String, Object> properties, List<String> names) {
    for (String name : names) {
      Object value = properties.get(name);
      if (value != null) {
        return value;
      }
    }
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      if (names.contains(e.getKey().toLowerCase(Locale.ROOT))) {
        return e.getValue();
      }
    }
    return null;
  }

  /** A non-negative whole number (rounded), or -1 for NULL. */
  private static long integer(Map<String, Object> properties, List<String> names) {
    double value = number(properties, names);
    return Double.isNaN(value) || value < 0 ? -1 : Math.round(value);
  }

  private static double number(Map<String, Object> properties, List<String> names) {
    return find(properties, names) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String text(Map<String, Object> properties, List<String> names, String fallback) {
    Object value = find(properties, names);
    return value == null || value.toString().isBlank() ? fallback : value.toString().trim().toLowerCase(Locale.ROOT);
  }
}
