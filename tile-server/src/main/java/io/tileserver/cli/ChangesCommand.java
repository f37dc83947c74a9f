package io.tileserver.cli;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.source.changes.FeedInstaller;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tile-server changes install|uninstall <table>}: a table's tile change feed. */
@Command(
    name = "changes",
    mixinStandardHelpOptions = true,
    description = "Install or remove the tile change feed (sql/changes/010) on a table, so table sources with"
        + " changes: notify, and function sources that depend on it, retire exactly the tiles a change touches.",
    subcommands = {ChangesCommand.Install.class, ChangesCommand.Uninstall.class})
final class ChangesCommand {
  private static final Logger LOGGER = LoggerFactory.getLogger(ChangesCommand.class);

  /** What both subcommands take: the database and the table. */
  private abstract static class OnTable implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "TABLE", description = "name or schema.name, as the catalog spells it")
    String table;

    @Override
    public Integer call() throws SQLException {
      DatabaseUrl url = options.database(options.config());
      try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties())) {
        run(connection);
      }
      return 0;
    }

    abstract void run(Connection connection) throws SQLException;
  }

  @Command(name = "install", mixinStandardHelpOptions = true,
      description = "Install the feed's four statement-level triggers on TABLE, replacing any it had.")
  static final class Install extends OnTable {
    @Option(names = "--geometry", paramLabel = "COLUMN", description = "the geometry column (default: the only one)")
    String geometry;

    @Option(names = "--channel", paramLabel = "NAME", description = "the NOTIFY channel (default: <table>_tiles)")
    String channel;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
        description = "a statement changing more rows sends one overflow notice (its sources are bumped); default 1000")
    int maxRows;

    @Override
    void run(Connection connection) throws SQLException {
      FeedInstaller.Installed installed = FeedInstaller.install(connection, table, geometry, channel, maxRows);
      LOGGER.info("tile change feed installed on {}: column {}, channel {}", table, installed.geometryColumn(),
          installed.channel());
    }
  }

  @Command(name = "uninstall", mixinStandardHelpOptions = true,
      description = "Remove the feed's triggers from TABLE (sources following it then fail to start).")
  static final class Uninstall extends OnTable {
    @Override
    void run(Connection connection) throws SQLException {
      LOGGER.info("removed {} tile change-feed trigger(s) from {}", FeedInstaller.uninstall(connection, table), table);
    }
  }
}
