package io.tileserver.testing;

import io.tileserver.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One-line SQL for test setup and assertions, over JDBC. */
public final class TestSql {
  private TestSql() {}

  public static void execute(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The first column of the first row, or null when there is no row. */
  public static Object scalar(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  public static long count(DatabaseUrl url, String sql) throws SQLException {
    return ((Number) scalar(url, sql)).longValue();
  }

  /** The first column of every row, as longs, in the query's order. */
  public static List<Long> longs(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<Long> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getLong(1));
      }
      return values;
    }
  }

  /** The first row, column label to value; empty when there is no row. */
  public static Map<String, Object> row(DatabaseUrl url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      Map<String, Object> row = new LinkedHashMap<>();
      if (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
      }
      return row;
    }
  }

  /** {@code SELECT expression, count(*) FROM properties WHERE where GROUP BY 1}, as text to count. */
  public static Map<String, Long> countsBy(DatabaseUrl url, String expression, String where) throws SQLException {
    try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + expression + ", count(*) FROM properties WHERE " + where
            + " GROUP BY 1")) {
      Map<String, Long> counts = new LinkedHashMap<>();
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
      return counts;
    }
  }
}
