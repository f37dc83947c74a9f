package io.tileserver.filter;

import java.util.List;

/**
 * A parsed, checked filter value ready to bind: {@code value} is a Long, Double, String or Boolean,
 * or for {@code in} a sorted, de-duplicated list of them. {@code canonical} is its one spelling.
 */
public record FilterValue(String parameter, FilterSpec spec, Object value, String canonical) {
  @SuppressWarnings("unchecked")
  public List<Object> items() {
    return (List<Object>) value;
  }
}
