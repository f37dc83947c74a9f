package io.tileserver.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Parses URL strings into typed, range-checked values with one canonical spelling each. */
public final class FilterValues {
  private FilterValues() {}

  static FilterValue parse(String parameter, FilterSpec spec, String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new FilterException(parameter, raw, "is empty", spec.accepted());
    }
    if (spec.op() != FilterOp.IN) {
      Object value = scalar(parameter, spec, raw);
      return new FilterValue(parameter, spec, value, format(value));
    }
    String[] parts = raw.split(",", -1);
    if (parts.length > FilterSpec.MAX_LIST_ITEMS) {
      throw new FilterException(parameter, raw, "lists " + parts.length + " values; at most "
          + FilterSpec.MAX_LIST_ITEMS + " are allowed", spec.accepted());
    }
    TreeSet<String> canonical = new TreeSet<>();
    List<Object> items = new ArrayList<>();
    for (String part : parts) {
      Object value = scalar(parameter, spec, part.trim());
      if (canonical.add(format(value))) {
        items.add(value);
      }
    }
    items.sort(FilterValues::compare);
    return new FilterValue(parameter, spec, List.copyOf(items), String.join(",", items.stream().map(FilterValues::format).toList()));
  }

  private static Object scalar(String parameter, FilterSpec spec, String raw) {
    if (raw.isEmpty()) {
      throw new FilterException(parameter, raw, "has an empty value", spec.accepted());
    }
    return switch (spec.type()) {
      case INT -> inRange(parameter, spec, raw, integer(parameter, spec, raw));
      case NUMBER -> inRange(parameter, spec, raw, number(parameter, spec, raw));
      case BOOL -> bool(parameter, spec, raw);
      case TEXT -> text(parameter, spec, raw);
    };
  }

  private static Long integer(String parameter, FilterSpec spec, String raw) {
    try {
      return decimal(raw).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new FilterException(parameter, raw, "is not an integer", spec.accepted());
    }
  }

  private static Double number(String parameter, FilterSpec spec, String raw) {
    try {
      double d = decimal(raw).doubleValue();
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new FilterException(parameter, raw, "is not a number", spec.accepted());
  }

  /** Plain decimal or exponent notation ({@code 1e5}); no hex, no NaN, no infinity, at most 40 chars. */
  private static BigDecimal decimal(String raw) {
    if (raw.length() > 40) {
      throw new NumberFormatException("too long");
    }
    return new BigDecimal(raw);
  }

  private static <T extends Number> T inRange(String parameter, FilterSpec spec, String raw, T value) {
    double d = value.doubleValue();
    if ((spec.min() != null && d < spec.min()) || (spec.max() != null && d > spec.max())) {
      throw new FilterException(parameter, raw, "is out of range", spec.accepted());
    }
    return value;
  }

  private static Boolean bool(String parameter, FilterSpec spec, String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> Boolean.TRUE;
      case "false", "0", "no" -> Boolean.FALSE;
      default -> throw new FilterException(parameter, raw, "is not a boolean", spec.accepted());
    };
  }

  private static String text(String parameter, FilterSpec spec, String raw) {
    if (raw.length() > FilterSpec.MAX_TEXT_LENGTH) {
      throw new FilterException(parameter, raw, "is " + raw.length() + " characters long; at most "
          + FilterSpec.MAX_TEXT_LENGTH + " are allowed", spec.accepted());
    }
    if (!spec.values().isEmpty() && !spec.values().contains(raw)) {
      throw new FilterException(parameter, raw, "is not an allowed value", spec.accepted());
    }
    return raw;
  }

  /** The canonical spelling: integers without decimals, numbers without trailing zeros. */
  static String format(Object value) {
    if (value instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }
}
