package io.tileserver.schema;

import io.tileserver.config.DatabaseUrl;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Applies and rolls back the Liquibase changelog that ships in the jar under {@code sql/}. The
 * changelog path recorded in {@code databasechangelog} is the classpath one, so the jar, the tests
 * and the CLI all agree on which changesets ran.
 */
public final class SchemaMigrator {
  /** Classpath location of the changelog root (the repository's {@code sql/changelog.yaml}). */
  public static final String CHANGELOG = "sql/changelog.yaml";

  static {
    // No phoning home from servers; Liquibase's own chatter goes to the log, not to stdout.
    System.setProperty("liquibase.analytics.enabled", "false");
    Logger.getLogger("liquibase").setLevel(Level.WARNING);
  }

  private final DatabaseUrl url;

  public SchemaMigrator(DatabaseUrl url) {
    this.url = url;
  }

  /** Applies every pending changeset. */
  public void update() {
    run("update", Map.of());
  }

  /** Applies the next {@code count} pending changesets. */
  public void updateCount(int count) {
    run("updateCount", Map.of("count", count));
  }

  /** Rolls back the last {@code count} applied changesets. */
  public void rollbackCount(int count) {
    run("rollbackCount", Map.of("count", count));
  }

  private void run(String command, Map<String, Object> arguments) {
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties())) {
      Database database =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
      Map<String, Object> scope =
          Map.of(
              Scope.Attr.resourceAccessor.name(),
              new ClassLoaderResourceAccessor(SchemaMigrator.class.getClassLoader()),
              Scope.Attr.ui.name(),
              new LoggerUIService());
      Scope.child(
          scope,
          () -> {
            CommandScope cmd =
                new CommandScope(command)
                    .addArgumentValue("database", database)
                    .addArgumentValue("changelogFile", CHANGELOG)
                    .setOutput(OutputStream.nullOutputStream());
            arguments.forEach(cmd::addArgumentValue);
            cmd.execute();
          });
    } catch (SQLException e) {
      throw new SchemaException("cannot connect to " + url.redacted() + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new SchemaException("schema " + command + " failed: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
