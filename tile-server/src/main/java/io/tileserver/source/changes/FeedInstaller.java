package io.tileserver.source.changes;

import io.tileserver.sql.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs or removes a table's tile change feed: the four statement-level triggers of
 * {@code notify_changed_boxes} (sql/changes/010) on any table. Install replaces whatever feed the
 * table had, so running it twice leaves one feed. The DDL is written by PostgreSQL's own
 * {@code format()} from bound values ({@code %I} identifiers, {@code %L} literals): DDL takes no
 * parameters, and this way no name or value is spliced into SQL here.
 */
public final class FeedInstaller {
  /** The largest channel name NOTIFY takes (an identifier). */
  private static final int MAX_CHANNEL = 63;
  private static final String TABLE = """
      SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p')""";
  private static final String GEOMETRY_COLUMNS = """
      SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
         AND t.typname IN ('geometry', 'geography') ORDER BY a.attnum""";
  private static final String FEED_TRIGGERS = """
      SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE t.tgrelid = to_regclass(?) AND p.proname = 'notify_changed_boxes' AND NOT t.tgisinternal""";
  private static final String DROP = "SELECT format('DROP TRIGGER %I ON %I.%I', ?, ?, ?)";
  /** Per event: trigger name suffix, event, transition tables. */
  private static final String[][] EVENTS = {
    {"insert", "INSERT", "REFERENCING NEW TABLE AS new_rows"},
    {"update", "UPDATE", "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows"},
    {"delete", "DELETE", "REFERENCING OLD TABLE AS old_rows"},
    {"truncate", "TRUNCATE", ""},
  };
  private static final String CREATE = "SELECT format('CREATE TRIGGER %I AFTER %s ON %I.%I %s FOR EACH STATEMENT"
      + " EXECUTE FUNCTION notify_changed_boxes(%L, %L, %L)', ?, ?, ?, ?, ?, ?, ?, ?)";

  /** What {@link #install} did. */
  public record Installed(String table, String channel, String geometryColumn) {}

  private FeedInstaller() {}

  /**
   * Installs the feed on {@code table} ({@code name} or {@code schema.name}) in one transaction.
   *
   * @param geometryColumn null: the table's only geometry column
   * @param channel null: {@code <table>_tiles}
   */
  public static Installed install(Connection connection, String table, String geometryColumn, String channel,
      int maxRows) throws SQLException {
    if (maxRows < 1) {
      throw new IllegalArgumentException("--max-rows must be at least 1, was " + maxRows);
    }
    String[] name = table(connection, table);
    String column = geometryColumn(connection, table, geometryColumn);
    String feed = channel != null ? channel : name[1] + "_tiles";
    if (feed.isBlank() || feed.length() > MAX_CHANNEL) {
      throw new IllegalArgumentException("the channel must be 1.." + MAX_CHANNEL + " characters, was '" + feed
          + "'; give one with --channel");
    }
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT to_regprocedure('notify_changed_boxes()') IS NOT NULL")) {
      if (!rs.next() || !rs.getBoolean(1)) {
        throw new IllegalArgumentException("the database has no notify_changed_boxes() function; run tile-server"
            + " migrate first (changeset 010 installs it)");
      }
    }
    inTransaction(connection, () -> {
      dropFeed(connection, table, name);
      for (String[] event : EVENTS) {
        execute(connection, CREATE, "tile_changes_" + event[0], event[1], name[0], name[1], event[2], feed, column,
            Integer.toString(maxRows));
      }
    });
    return new Installed(name[0] + "." + name[1], feed, column);
  }

  /** Removes every trigger of the feed from {@code table}; returns how many there were. */
  public static int uninstall(Connection connection, String table) throws SQLException {
    String[] name = table(connection, table);
    int[] dropped = new int[1];
    inTransaction(connection, () -> dropped[0] = dropFeed(connection, table, name));
    return dropped[0];
  }

  private static int dropFeed(Connection connection, String table, String[] name) throws SQLException {
    List<String> triggers = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(FEED_TRIGGERS)) {
      ps.setString(1, SqlIdentifiers.quoteQualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          triggers.add(rs.getString(1));
        }
      }
    }
    for (String trigger : triggers) {
      execute(connection, DROP, trigger, name[0], name[1]);
    }
    return triggers.size();
  }

  /** {schema, name} of an ordinary or partitioned table, or a clear error. */
  private static String[] table(Connection connection, String table) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(TABLE)) {
      ps.setString(1, SqlIdentifiers.quoteQualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("no table \"" + table + "\" (give name or schema.name, as the catalog"
              + " spells it; views cannot have the feed, their base tables can)");
        }
        return new String[] {rs.getString(1), rs.getString(2)};
      }
    }
  }

  private static String geometryColumn(Connection connection, String table, String wanted) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(GEOMETRY_COLUMNS)) {
      ps.setString(1, SqlIdentifiers.quoteQualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
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

  /** Runs the DDL that {@code format} (a {@code SELECT format(…)} with bound values) writes. */
  private static void execute(Connection connection, String format, String... values) throws SQLException {
    String ddl;
    try (PreparedStatement ps = connection.prepareStatement(format)) {
      for (int i = 0; i < values.length; i++) {
        ps.setString(i + 1, values[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        ddl = rs.getString(1);
      }
    }
    try (Statement st = connection.createStatement()) {
      st.execute(ddl);
    }
  }

  private interface Work {
    void run() throws SQLException;
  }

  private static void inTransaction(Connection connection, Work work) throws SQLException {
    boolean auto = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      work.run();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(auto);
    }
  }
}
