package io.tileserver.source.postgis;

import io.tileserver.filter.FilterValue;
import java.util.List;

/**
 * A parsed filter value as the pg client binds it: scalars as they are (Long → int8, Double →
 * float8, String → text, Boolean → bool) and in-lists as Java arrays, which the client sends as
 * PostgreSQL arrays for {@code = ANY($n::type[])}.
 */
final class FilterBinding {
  private FilterBinding() {}

  static Object bind(FilterValue value) {
    if (!(value.value() instanceof List<?>)) {
      return value.value();
    }
    List<Object> items = value.items();
    return switch (value.spec().type()) {
      case INT -> items.stream().map(Long.class::cast).toArray(Long[]::new);
      case NUMBER -> items.stream().map(Double.class::cast).toArray(Double[]::new);
      case BOOL -> items.stream().map(Boolean.class::cast).toArray(Boolean[]::new);
      case TEXT -> items.stream().map(String.class::cast).toArray(String[]::new);
    };
  }
}
