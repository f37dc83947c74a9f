package io.tileserver.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileserver.config.DatabaseUrl;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads ZIP polygons from a GeoJSON FeatureCollection into {@code zip_areas}, upserting by ZIP. The
 * ZIP comes from the first of {@code ZIPCODE}, {@code ZIP}, {@code zip} present; geometry is taken
 * as WGS84 lon/lat (GeoJSON's CRS) and promoted to MultiPolygon.
 */
public final class ZipAreaLoader {
  private static final String UPSERT =
      "INSERT INTO zip_areas (zip, name, geom)"
          + " VALUES (?, ?, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)))"
          + " ON CONFLICT (zip) DO UPDATE SET name = EXCLUDED.name, geom = EXCLUDED.geom";

  private final DatabaseUrl url;

  public ZipAreaLoader(DatabaseUrl url) {
    this.url = url;
  }

  public LoadReport load(Path geojson) throws IOException, SQLException {
    long start = System.nanoTime();
    JsonNode features = new ObjectMapper().readTree(geojson.toFile()).path("features");
    if (!features.isArray()) {
      throw new IOException(geojson + " is not a GeoJSON FeatureCollection (no features array)");
    }
    long written = 0;
    long rejected = 0;
    List<LoadReport.Rejection> shown = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      connection.setAutoCommit(false);
      int index = 0;
      for (JsonNode feature : features) {
        index++;
        String reason = rejection(feature);
        if (reason != null) {
          rejected++;
          if (shown.size() < LoadReport.SHOWN) {
            shown.add(new LoadReport.Rejection(index, reason));
          }
          continue;
        }
        JsonNode props = feature.path("properties");
        upsert.setString(1, zip(props));
        upsert.setString(2, props.hasNonNull("Name") ? props.get("Name").asText() : zip(props));
        upsert.setString(3, feature.get("geometry").toString());
        upsert.addBatch();
        written++;
      }
      upsert.executeBatch();
      connection.commit();
    }
    return new LoadReport(written, rejected, List.copyOf(shown), (System.nanoTime() - start) / 1_000_000);
  }

  private static String rejection(JsonNode feature) {
    if (zip(feature.path("properties")) == null) {
      return "feature has no ZIPCODE/ZIP/zip property";
    }
    String type = feature.path("geometry").path("type").asText("");
    if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
      return "geometry must be Polygon or MultiPolygon, was " + (type.isEmpty() ? "missing" : type);
    }
    return null;
  }

  private static String zip(JsonNode props) {
    for (String key : List.of("ZIPCODE", "ZIP", "zip")) {
      if (props.hasNonNull(key)) {
        return props.get(key).asText();
      }
    }
    return null;
  }
}
