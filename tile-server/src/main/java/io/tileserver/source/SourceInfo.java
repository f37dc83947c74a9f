package io.tileserver.source;

import io.tileserver.filter.FilterSpec;
import io.tileserver.tile.Bounds;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A source's metadata: the basis of its TileJSON and catalog entry.
 *
 * @param kind table, function, cluster
 * @param passThroughQuery true for a function taking the query as JSON with no declared filters: it
 *     receives any parameter (as text), as Martin does
 * @param tileJson merged into the source's own TileJSON last (JSON Merge Patch, RFC 7386): a table's
 *     or function's {@code COMMENT} holding a JSON object, as Martin does; empty for none
 */
public record SourceInfo(
    String id,
    String kind,
    String description,
    int minzoom,
    int maxzoom,
    Bounds bounds,
    List<VectorLayer> layers,
    Map<String, FilterSpec> filters,
    boolean passThroughQuery,
    JsonObject tileJson) {

  public SourceInfo {
    tileJson = tileJson == null ? new JsonObject() : tileJson.copy();
    description = description == null ? "" : description;
    bounds = bounds == null ? Bounds.WORLD : bounds;
    layers = List.copyOf(layers);
    filters = Collections.unmodifiableSortedMap(new TreeMap<>(filters));
  }

  /** The same source with other bounds (a source learns its extent once its data is loaded). */
  public SourceInfo withBounds(Bounds newBounds) {
    return new SourceInfo(id, kind, description, minzoom, maxzoom, newBounds, layers, filters, passThroughQuery,
        tileJson);
  }

  /** A copy: the record's own object must not change. */
  @Override
  public JsonObject tileJson() {
    return tileJson.copy();
  }

  /**
   * One layer of the tile as TileJSON's {@code vector_layers} describes it.
   *
   * @param fields attribute name → type as TileJSON spells it (Number, String, Boolean)
   */
  public record VectorLayer(String id, String description, Map<String, String> fields, int minzoom, int maxzoom) {
    public VectorLayer {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }
}
