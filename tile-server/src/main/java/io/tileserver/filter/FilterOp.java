package io.tileserver.filter;

import com.fasterxml.jackson.annotation.JsonValue;

/** A comparison a filter applies between its column and the URL value. */
public enum FilterOp {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  /** The URL value is a comma-separated list; the column must equal one of them. */
  IN("in");

  private final String symbol;

  FilterOp(String symbol) {
    this.symbol = symbol;
  }

  @JsonValue
  public String symbol() {
    return symbol;
  }

  public boolean isOrdering() {
    return this == LT || this == LE || this == GT || this == GE;
  }
}
