package io.tileserver.cli;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.source.postgis.PostgisErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the database before the server starts: tries to reach it (and apply the schema, when
 * configured), and while it cannot be reached, says so and tries again after 1 s, doubling up to
 * 30 s. Any other failure (a changeset that fails, wrong credentials) ends the wait with it: retrying
 * would not fix it.
 */
final class DatabaseWait {
  private static final Logger LOGGER = LoggerFactory.getLogger(DatabaseWait.class);
  private static final long FIRST_DELAY_MS = 1000;
  private static final long MAX_DELAY_MS = 30_000;

  private DatabaseWait() {}

  /**
   * Returns once {@code database} answers (and, with {@code migrate}, its schema is up to date);
   * {@code reason} hears why it is not yet, before every wait.
   */
  static void until(DatabaseUrl database, boolean migrate, Consumer<String> reason) throws InterruptedException {
    long delay = FIRST_DELAY_MS;
    while (true) {
      try {
        if (migrate) {
          new SchemaMigrator(database).update();
          LOGGER.info("schema is up to date on {}", database.redacted());
        } else {
          probe(database);
        }
        return;
      } catch (RuntimeException | SQLException e) {
        if (!PostgisErrors.cannotServeNow(e)) {
          throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        }
        String why = "database " + database.redacted() + " unreachable (" + rootMessage(e) + ")";
        reason.accept(why + "; retrying");
        LOGGER.warn("{}: retrying in {} s", why, delay / 1000);
        Thread.sleep(delay);
        delay = Math.min(MAX_DELAY_MS, delay * 2);
      }
    }
  }

  private static void probe(DatabaseUrl database) throws SQLException {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.jdbcProperties())) {
      connection.createStatement().execute("SELECT 1");
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
