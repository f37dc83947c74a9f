package io.tileserver.filter;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The filters of one request, normalized: sorted by parameter name, each value in its canonical
 * spelling. {@link #canonical()} is part of the tile identity, so {@code ?beds=3&minPrice=1e5} and
 * {@code ?minPrice=100000&beds=3} are the same tile in every cache.
 */
public final class FilterSet {
  public static final FilterSet NONE = new FilterSet(new TreeMap<>());

  private final SortedMap<String, FilterValue> values;
  private final String canonical;

  private FilterSet(SortedMap<String, FilterValue> values) {
    this.values = values;
    this.canonical = values.values().stream()
        .map(v -> v.parameter() + "=" + v.canonical())
        .collect(Collectors.joining("&"));
  }

  /**
   * Parses the query against the declared filters. A parameter that is not declared, repeated (use a
   * comma list for {@code in}), or has a bad value is a {@link FilterException}.
   */
  public static FilterSet parse(Map<String, FilterSpec> declared, Map<String, List<String>> query) {
    if (query.isEmpty()) {
      return NONE;
    }
    SortedMap<String, FilterValue> values = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      String name = e.getKey();
      FilterSpec spec = declared.get(name);
      if (spec == null) {
        throw FilterException.undeclared(name, String.join(",", e.getValue()),
            declared.isEmpty() ? "none" : "one of " + String.join(", ", new TreeMap<>(declared).keySet()));
      }
      if (e.getValue().size() > 1) {
        throw new FilterException(name, String.join(",", e.getValue()), "is given " + e.getValue().size()
            + " times; give it once" + (spec.op() == FilterOp.IN ? " with a comma-separated list" : ""), spec.accepted());
      }
      values.put(name, FilterValues.parse(name, spec, e.getValue().get(0)));
    }
    return new FilterSet(values);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public Collection<FilterValue> values() {
    return values.values();
  }

  /** Only the filters a source declares (a composite request splits its filters this way). */
  public FilterSet restrictTo(Map<String, FilterSpec> declared) {
    SortedMap<String, FilterValue> subset = new TreeMap<>(values);
    subset.keySet().retainAll(declared.keySet());
    return subset.size() == values.size() ? this : new FilterSet(subset);
  }

  /** {@code name=value&…} sorted by name; empty when there are no filters. */
  public String canonical() {
    return canonical;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FilterSet other && canonical.equals(other.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public String toString() {
    return canonical;
  }
}
