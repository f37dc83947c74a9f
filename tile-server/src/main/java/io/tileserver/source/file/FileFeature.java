package io.tileserver.source.file;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature read from a GeoJSON or CSV file: its geometry in longitude/latitude and its
 * properties (Long, Double, Boolean or String values; nested values as JSON text).
 *
 * @param id the feature's non-negative integer id, or -1 when it has none
 * @param line where the feature starts in its file (1-based), for messages
 */
public record FileFeature(long id, Geometry geometry, Map<String, Object> properties, long line) {}
