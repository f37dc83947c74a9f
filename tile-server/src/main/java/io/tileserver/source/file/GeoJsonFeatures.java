package io.tileserver.source.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Reads GeoJSON features one at a time: a FeatureCollection (RFC 7946) streamed so only one
 * feature is a tree at once, or newline-delimited features (one Feature per line; blank lines
 * skipped). Properties become Long, Double, Boolean or String values; arrays and objects their JSON
 * text; nulls are left out. A feature without geometry is skipped, as it has nothing to draw.
 */
final class GeoJsonFeatures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GeoJsonGeometry geometries = new GeoJsonGeometry(new GeometryFactory());

  /** Streams the features of {@code file} to {@code sink}; a bad file is an {@link IOException} saying where. */
  void read(Path file, boolean lineDelimited, Consumer<FileFeature> sink) throws IOException {
    if (lineDelimited) {
      readLines(file, sink);
    } else {
      try (InputStream in = Files.newInputStream(file)) {
        readCollection(in, sink);
      }
    }
  }

  /** Streams the features of a FeatureCollection to {@code sink}. */
  void readCollection(InputStream in, Consumer<FileFeature> sink) throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a GeoJSON object (it must be a FeatureCollection)");
      }
      boolean sawFeatures = false;
      String type = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("features") && value == JsonToken.START_ARRAY) {
          sawFeatures = true;
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            long line = parser.currentLocation().getLineNr();
            feature(parser.readValueAsTree(), line, sink);
          }
        } else if (field.equals("type")) {
          type = parser.getValueAsString();
        } else {
          parser.skipChildren();
        }
      }
      if (type != null && !type.equals("FeatureCollection")) {
        throw new IOException("a GeoJSON " + type + ", not a FeatureCollection; give one FeatureCollection, or one"
            + " Feature per line in a .ndjson file");
      }
      if (!sawFeatures) {
        throw new IOException("not a FeatureCollection: there is no features array");
      }
    } catch (JsonProcessingException e) {
      throw new IOException("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    }
  }

  private void readLines(Path file, Consumer<FileFeature> sink) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new IOException("line " + number + " is not valid JSON: " + e.getOriginalMessage());
        }
        feature(node, number, sink);
      }
    }
  }

  private void feature(JsonNode node, long line, Consumer<FileFeature> sink) throws IOException {
    if (!node.path("type").asText("").equals("Feature")) {
      throw new IOException("line " + line + ": expected a GeoJSON Feature, found " + describe(node));
    }
    JsonNode geometry = node.get("geometry");
    if (geometry == null || geometry.isNull()) {
      return;
    }
    try {
      JsonNode id = node.get("id");
      long featureId = id != null && id.canConvertToExactIntegral() && id.asLong() >= 0 ? id.asLong() : -1;
      sink.accept(new FileFeature(featureId, geometries.read(geometry), properties(node.get("properties")), line));
    } catch (IllegalArgumentException e) {
      throw new IOException("the feature at line " + line + ": " + e.getMessage());
    }
  }

  private static Map<String, Object> properties(JsonNode properties) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (properties == null || !properties.isObject()) {
      return out;
    }
    properties.properties().forEach(e -> {
      JsonNode value = e.getValue();
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        out.put(e.getKey(), value.asLong());
      } else if (value.isNumber()) {
        out.put(e.getKey(), value.asDouble());
      } else if (value.isBoolean()) {
        out.put(e.getKey(), value.asBoolean());
      } else if (value.isTextual()) {
        out.put(e.getKey(), value.asText());
      } else if (!value.isNull()) {
        out.put(e.getKey(), value.toString());
      }
    });
    return out;
  }

  private static String describe(JsonNode node) {
    return node.isObject() ? "an object of type \"" + node.path("type").asText("") + "\"" : node.getNodeType().name().toLowerCase();
  }
}
