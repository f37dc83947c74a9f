package io.tileserver.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The published sources by id, in config order, and which of them form the default composite. */
public final class SourceRegistry {
  private final Map<String, TileSource> byId = new LinkedHashMap<>();
  private final List<TileSource> defaults;

  /** {@code defaultIds} empty means every source is in the default composite. */
  public SourceRegistry(List<TileSource> sources, Set<String> defaultIds) {
    for (TileSource source : sources) {
      if (byId.putIfAbsent(source.id(), source) != null) {
        throw new IllegalArgumentException("two sources share the id " + source.id());
      }
    }
    List<TileSource> marked = sources.stream().filter(s -> defaultIds.contains(s.id())).toList();
    this.defaults = marked.isEmpty() ? List.copyOf(sources) : marked;
  }

  public Optional<TileSource> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<TileSource> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  public List<TileSource> defaults() {
    return defaults;
  }

  /** The ids that are not sources, in the order given (empty when all are known). */
  public List<String> unknown(List<String> ids) {
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (!byId.containsKey(id)) {
        missing.add(id);
      }
    }
    return missing;
  }
}
