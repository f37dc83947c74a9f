package io.tileserver.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One listing decoded from the index: what a single-point feature or a cluster leaf shows. Null
 * fields were NULL in the table (or are not kept). Position is the quantized one (within 2 cm).
 */
public record ClusterRow(
    long id,
    double lon,
    double lat,
    Long price,
    Integer bedrooms,
    Double bathrooms,
    Integer sqft,
    String propertyType,
    String status) {

  /** Non-null attributes keyed by their column names, in {@link ClusterAttribute} order, then id. */
  public Map<String, Object> attributes(ClusterColumns columns) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(columns.id(), id);
    put(out, columns.price(), price);
    put(out, columns.bedrooms(), bedrooms);
    put(out, columns.bathrooms(), bathrooms);
    put(out, columns.sqft(), sqft);
    put(out, columns.propertyType(), propertyType);
    put(out, columns.status(), status);
    return out;
  }

  private static void put(Map<String, Object> out, String column, Object value) {
    if (column != null && value != null) {
      out.put(column, value);
    }
  }
}
