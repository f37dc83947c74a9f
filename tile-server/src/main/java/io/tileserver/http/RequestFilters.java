package io.tileserver.http;

import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import io.tileserver.source.TileSource;
import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters of a request to one or more sources. A parameter is accepted when any of the sources
 * declares it (each source later receives only its own); a function source that takes the raw query
 * accepts any parameter as text. The data version {@code v} is not a filter ({@link VersionParam}).
 */
final class RequestFilters {
  private RequestFilters() {}

  static FilterSet parse(List<TileSource> sources, MultiMap params) {
    if (params.isEmpty()) {
      return FilterSet.NONE;
    }
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String name : params.names()) {
      if (!name.equals(VersionParam.NAME)) {
        query.put(name, params.getAll(name));
      }
    }
    Map<String, FilterSpec> accepted = new HashMap<>();
    boolean passThrough = false;
    for (TileSource source : sources) {
      source.info().filters().forEach(accepted::putIfAbsent);
      passThrough |= source.info().passThroughQuery();
    }
    if (passThrough) {
      for (String name : query.keySet()) {
        accepted.putIfAbsent(name, new FilterSpec(name, FilterOp.EQ, FilterType.TEXT, null, null, null, null));
      }
    }
    return FilterSet.parse(accepted, query);
  }
}
