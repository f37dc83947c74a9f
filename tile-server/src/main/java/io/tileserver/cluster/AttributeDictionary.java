package io.tileserver.cluster;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The distinct values of one text column, each given a byte code in order of first appearance.
 * Codes 0..254 are values; {@link #NULL_CODE} is SQL NULL. Kept per index, so a reload may number
 * values differently; codes never leave the process.
 *
 * <p>Codes only grow: a live index ({@link LiveClusterIndex}) adds values while scans look codes up,
 * so lookups are lock-free reads of a concurrent map and a copy-on-write value array, and adding is
 * synchronized (one writer at a time). A code, once given, names the same value for good, so a
 * filter compiled against one snapshot stays right for every later one.
 */
public final class AttributeDictionary {
  /** The code of NULL (byte -1). */
  public static final int NULL_CODE = 255;
  /** Most distinct values one column may hold. */
  public static final int CAPACITY = 255;

  private final String column;
  private final Map<String, Integer> codes = new ConcurrentHashMap<>();
  private volatile String[] values = new String[0];

  public AttributeDictionary(String column) {
    this.column = column;
  }

  /** The code of {@code value}, adding it when new; null gives {@link #NULL_CODE}. */
  byte encode(String value) {
    if (value == null) {
      return (byte) NULL_CODE;
    }
    Integer code = codes.get(value);
    return (byte) (int) (code != null ? code : add(value));
  }

  private synchronized int add(String value) {
    Integer known = codes.get(value);
    if (known != null) {
      return known;
    }
    String[] current = values;
    if (current.length == CAPACITY) {
      throw new IllegalStateException("column " + column + " has more than " + CAPACITY
          + " distinct values; the cluster index keeps text columns with few values (types, statuses)");
    }
    String[] grown = Arrays.copyOf(current, current.length + 1);
    grown[current.length] = value;
    values = grown;
    codes.put(value, current.length);
    return current.length;
  }

  /** The code of a known value, or -1 when the column never holds it. */
  public int lookup(String value) {
    Integer code = codes.get(value);
    return code == null ? -1 : code;
  }

  /** The value of an (unsigned) code; null for {@link #NULL_CODE}. */
  public String value(int code) {
    return code == NULL_CODE ? null : values[code];
  }

  public int size() {
    return values.length;
  }

  public String column() {
    return column;
  }
}
