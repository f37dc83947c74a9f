package io.tileserver.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct values of one text column, each given a byte code in order of first appearance.
 * Codes 0..254 are values; {@link #NULL_CODE} is SQL NULL. Kept per index, so a reload may number
 * values differently; codes never leave the process.
 */
public final class AttributeDictionary {
  /** The code of NULL (byte -1). */
  public static final int NULL_CODE = 255;
  /** Most distinct values one column may hold. */
  public static final int CAPACITY = 255;

  private final String column;
  private final Map<String, Integer> codes = new HashMap<>();
  private final List<String> values = new ArrayList<>();

  public AttributeDictionary(String column) {
    this.column = column;
  }

  /** The code of {@code value}, adding it when new; null gives {@link #NULL_CODE}. */
  byte encode(String value) {
    if (value == null) {
      return (byte) NULL_CODE;
    }
    Integer code = codes.get(value);
    if (code == null) {
      if (values.size() == CAPACITY) {
        throw new IllegalStateException("column " + column + " has more than " + CAPACITY
            + " distinct values; the cluster index keeps text columns with few values (types, statuses)");
      }
      code = values.size();
      codes.put(value, code);
      values.add(value);
    }
    return (byte) (int) code;
  }

  /** The code of a known value, or -1 when the column never holds it. */
  public int lookup(String value) {
    Integer code = codes.get(value);
    return code == null ? -1 : code;
  }

  /** The value of an (unsigned) code; null for {@link #NULL_CODE}. */
  public String value(int code) {
    return code == NULL_CODE ? null : values.get(code);
  }

  public int size() {
    return values.size();
  }

  public String column() {
    return column;
  }
}
