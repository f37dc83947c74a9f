package io.tileserver.filter;

import java.util.List;

/**
 * A URL parameter a source accepts, as declared in config:
 * {@code minPrice: {column: price, op: ">=", type: number, min: 0}}. Table sources need the column;
 * function sources receive the checked value in their query JSON and ignore it.
 */
public record FilterSpec(
    String column, FilterOp op, FilterType type, List<String> values, Double min, Double max, String description) {
  /** Longest text value accepted; longer ones are refused before they reach the database. */
  public static final int MAX_TEXT_LENGTH = 256;
  /** Most items an {@code in} list may hold. */
  public static final int MAX_LIST_ITEMS = 64;

  public FilterSpec {
    require(column == null || !column.isBlank(), "column must name a column when given");
    op = op == null ? FilterOp.EQ : op;
    type = type == null ? FilterType.TEXT : type;
    values = values == null ? List.of() : List.copyOf(values);
    require(values.isEmpty() || type == FilterType.TEXT,
        "values only applies to type text, was given for type " + type.yamlName());
    require(!(op.isOrdering() && type == FilterType.BOOL), "op " + op.symbol() + " cannot compare a bool; use = or !=");
    require(min == null || max == null || min <= max, "min must not exceed max");
  }

  /** A declaration error; the config loader prefixes the filter's key path. */
  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** What a client may send, for error messages and TileJSON. */
  public String accepted() {
    String what = switch (type) {
      case INT -> "an integer";
      case NUMBER -> "a number";
      case BOOL -> "true or false";
      case TEXT -> values.isEmpty() ? "text up to " + MAX_TEXT_LENGTH + " characters" : "one of " + String.join(", ", values);
    };
    if (op == FilterOp.IN) {
      what = "a comma-separated list of " + what;
    }
    if (min != null || max != null) {
      what += " in " + (min == null ? "-∞" : FilterValues.format(min)) + ".." + (max == null ? "∞" : FilterValues.format(max));
    }
    return what;
  }
}
