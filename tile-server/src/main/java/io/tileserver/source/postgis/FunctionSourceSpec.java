package io.tileserver.source.postgis;

import io.tileserver.filter.FilterSpec;
import io.tileserver.tile.Bounds;
import java.util.Map;

/**
 * A function source resolved from discovery and config.
 *
 * @param layer the layer name TileJSON lists (the function decides what the tile really holds)
 * @param bounds configured bounds, or null for the whole world (a function's data cannot be measured)
 * @param filters declared filters; their canonical values reach the function in the query JSON
 */
record FunctionSourceSpec(
    String id,
    TileFunction function,
    String layer,
    int minzoom,
    int maxzoom,
    Bounds bounds,
    String description,
    Map<String, FilterSpec> filters) implements SourceSpec {

  FunctionSourceSpec {
    filters = Map.copyOf(filters);
  }

  @Override
  public String origin() {
    return "function " + function.displayName()
        + (function.takesQuery() ? "(z, x, y, query " + function.queryType() + ")" : "(z, x, y)");
  }
}
