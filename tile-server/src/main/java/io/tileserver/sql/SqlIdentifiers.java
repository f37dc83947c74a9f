package io.tileserver.sql;

/**
 * The one place SQL identifiers are quoted. Names come from the catalog or from config, never from a
 * request; values never go through here (they are bound as {@code $n} parameters).
 *
 * <p>Every name is quoted, even a plain one: PostgreSQL folds unquoted names to lower case, so
 * quoting always is the only way {@code "Mixed Case"}, {@code "with space"}, {@code "a.b"} and
 * {@code "say ""hi"""} all refer to what the catalog says.
 */
public final class SqlIdentifiers {
  private SqlIdentifiers() {}

  /** {@code name} as a quoted identifier: wrapped in double quotes, inner double quotes doubled. */
  public static String quote(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("an SQL identifier must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an SQL identifier must not contain NUL: " + name.replace('\0', '?'));
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code schema.name}, both parts quoted. */
  public static String quote(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  /** A configured {@code table} or {@code schema.table} (split at the first dot), each part quoted. */
  public static String quoteQualified(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? quote(name) : quote(name.substring(0, dot), name.substring(dot + 1));
  }
}
