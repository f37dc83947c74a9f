package io.tileserver.cluster;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which table the cluster index loads and the column behind each kept attribute. A null attribute
 * column is not kept: the index stores NULL for it and a filter on it is refused when compiled.
 *
 * @param geometry a Point column in EPSG:4326
 */
public record ClusterColumns(
    String table,
    String id,
    String geometry,
    String price,
    String bedrooms,
    String bathrooms,
    String sqft,
    String propertyType,
    String status) {

  public ClusterColumns {
    require(table, "table");
    require(id, "id");
    require(geometry, "geometry");
  }

  /** The {@code properties} table with every attribute kept. */
  public static ClusterColumns properties() {
    return new ClusterColumns(
        "properties", "id", "geom", "price", "bedrooms", "bathrooms", "sqft", "property_type", "status");
  }

  /** The kept attributes and their columns, in {@link ClusterAttribute} order. */
  public Map<ClusterAttribute, String> kept() {
    Map<ClusterAttribute, String> kept = new EnumMap<>(ClusterAttribute.class);
    for (ClusterAttribute a : ClusterAttribute.values()) {
      String column = column(a);
      if (column != null) {
        kept.put(a, column);
      }
    }
    return kept;
  }

  /** The column an attribute is loaded from, or null when it is not kept. */
  public String column(ClusterAttribute attribute) {
    return switch (attribute) {
      case PRICE -> price;
      case BEDROOMS -> bedrooms;
      case BATHROOMS -> bathrooms;
      case SQFT -> sqft;
      case PROPERTY_TYPE -> propertyType;
      case STATUS -> status;
    };
  }

  /** The kept attribute loaded from {@code column}, or null. */
  public ClusterAttribute attributeOf(String column) {
    for (Map.Entry<ClusterAttribute, String> e : kept().entrySet()) {
      if (e.getValue().equals(column)) {
        return e.getKey();
      }
    }
    return null;
  }

  private static void require(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("cluster columns: " + what + " is required");
    }
  }
}
