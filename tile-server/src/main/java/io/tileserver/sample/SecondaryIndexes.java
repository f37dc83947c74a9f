package io.tileserver.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes of {@code properties} that no constraint needs, dropped for a bulk load and rebuilt
 * from their own catalogued definitions afterwards (so this class never repeats the schema's DDL).
 */
final class SecondaryIndexes {
  private static final Logger LOGGER = LoggerFactory.getLogger(SecondaryIndexes.class);

  private final List<String> definitions;

  private SecondaryIndexes(List<String> definitions) {
    this.definitions = definitions;
  }

  /** Drops them inside the caller's transaction and remembers how to recreate them. */
  static SecondaryIndexes drop(Connection connection) throws SQLException {
    List<String> names = new ArrayList<>();
    List<String> definitions = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT format('%I.%I', n.nspname, i.relname), pg_get_indexdef(i.oid)"
                    + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = i.relnamespace"
                    + " WHERE x.indrelid = 'properties'::regclass"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)")) {
      while (rs.next()) {
        names.add(rs.getString(1));
        definitions.add(rs.getString(2));
      }
    }
    try (Statement st = connection.createStatement()) {
      for (String name : names) {
        st.execute("DROP INDEX " + name);
      }
    }
    LOGGER.info("empty table: bulk load with {} secondary index(es) rebuilt at the end", names.size());
    return new SecondaryIndexes(definitions);
  }

  void recreate(Connection connection) throws SQLException {
    long start = System.nanoTime();
    LOGGER.info("rebuilding {} index(es)…", definitions.size());
    try (Statement st = connection.createStatement()) {
      st.execute("SET LOCAL maintenance_work_mem = '512MB'");
      for (String definition : definitions) {
        st.execute(definition);
      }
    }
    LOGGER.info("rebuilt {} index(es) in {} ms", definitions.size(), (System.nanoTime() - start) / 1_000_000);
  }
}
