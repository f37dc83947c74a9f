package io.tileserver.source.changes;

import io.tileserver.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs or removes a table's tile change feed through the database's own
 * {@code install_tile_feed} / {@code uninstall_tile_feed} (sql/changes/010, which installs the feed
 * of {@code properties} and {@code zip_areas} the same way). This class picks the defaults — the
 * table's only geometry column, the channel {@code <table>_tiles} — and says clearly what is wrong;
 * every name and value reaches SQL as a bound parameter.
 */
public final class FeedInstaller {
  /** The largest channel name NOTIFY takes (an identifier). */
  private static final int MAX_CHANNEL = 63;
  private static final String TABLE = """
      SELECT c.relname FROM pg_class c WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p')""";
  private static final String GEOMETRY_COLUMNS = """
      SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
         AND t.typname IN ('geometry', 'geography') ORDER BY a.attnum""";
  private static final String INSTALLABLE = "SELECT to_regprocedure('install_tile_feed(regclass, text, text, integer)')"
      + " IS NOT NULL";
  private static final String INSTALL = "SELECT install_tile_feed(to_regclass(?), ?, ?, ?)";
  private static final String UNINSTALL = "SELECT uninstall_tile_feed(to_regclass(?))";

  /** What {@link #install} did. */
  public record Installed(String channel, String geometryColumn) {}

  private FeedInstaller() {}

  /**
   * Installs (or replaces) the feed of {@code table} ({@code name} or {@code schema.name}).
   *
   * @param geometryColumn null: the table's only geometry column
   * @param channel null: {@code <table>_tiles}
   */
  public static Installed install(Connection connection, String table, String geometryColumn, String channel,
      int maxRows) throws SQLException {
    if (maxRows < 1) {
      throw new IllegalArgumentException("--max-rows must be at least 1, was " + maxRows);
    }
    String name = tableName(connection, table);
    String column = geometryColumn(connection, table, geometryColumn);
    String feed = channel != null ? channel : name + "_tiles";
    if (feed.isBlank() || feed.length() > MAX_CHANNEL) {
      throw new IllegalArgumentException("the channel must be 1.." + MAX_CHANNEL + " characters, was '" + feed
          + "'; give one with --channel");
    }
    try (PreparedStatement ps = connection.prepareStatement(INSTALLABLE); ResultSet rs = ps.executeQuery()) {
      if (!rs.next() || !rs.getBoolean(1)) {
        throw new IllegalArgumentException("the database has no install_tile_feed() function; run tile-server"
            + " migrate first (changeset 010 installs it)");
      }
    }
    try (PreparedStatement ps = connection.prepareStatement(INSTALL)) {
      ps.setString(1, SqlIdentifiers.quoteQualified(table));
      ps.setString(2, feed);
      ps.setString(3, column);
      ps.setInt(4, maxRows);
      ps.execute();
    }
    return new Installed(feed, column);
  }

  /** Removes the feed's triggers from {@code table}; returns how many there were. */
  public static int uninstall(Connection connection, String table) throws SQLException {
    tableName(connection, table);
    try (PreparedStatement ps = connection.prepareStatement(UNINSTALL)) {
      ps.setString(1, SqlIdentifiers.quoteQualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The name of an ordinary or partitioned table, or a clear error. */
  private static String tableName(Connection connection, String table) throws SQLException {
    List<String> names = strings(connection, TABLE, table);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no table \"" + table + "\" (give name or schema.name, as the catalog"
          + " spells it; views cannot have the feed, their base tables can)");
    }
    return names.get(0);
  }

  private static String geometryColumn(Connection connection, String table, String wanted) throws SQLException {
    List<String> columns = strings(connection, GEOMETRY_COLUMNS, table);
    if (wanted != null && columns.contains(wanted)) {
      return wanted;
    }
    if (wanted == null && columns.size() == 1) {
      return columns.get(0);
    }
    throw new IllegalArgumentException((wanted == null ? "\"" + table + "\" has " + columns.size()
        + " geometry columns" : "\"" + table + "\" has no geometry column \"" + wanted + "\"")
        + " (" + String.join(", ", columns) + "); give one with --geometry");
  }

  /** The first column of {@code sql}'s rows, with the quoted table bound to its one parameter. */
  private static List<String> strings(Connection connection, String sql, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setString(1, SqlIdentifiers.quoteQualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
