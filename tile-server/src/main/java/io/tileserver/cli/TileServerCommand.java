package io.tileserver.cli;

import io.tileserver.config.ConfigException;
import io.tileserver.schema.SchemaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code tile-server} command; its subcommands do the work. */
@Command(
    name = "tile-server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Vector tile server for PostGIS with in-memory point clustering.",
    subcommands = {
      ServeCommand.class,
      MigrateCommand.class,
      LoadSampleCommand.class,
      ChangesCommand.class,
      CopyCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TileServerCommand implements Runnable {
  private static final Logger LOGGER = LoggerFactory.getLogger(TileServerCommand.class);
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A command line with every subcommand registered and operator-friendly error output. */
  public static CommandLine commandLine() {
    return new CommandLine(new TileServerCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(TileServerCommand::explain);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Known failures print one clear line (no stack trace); anything else is a bug worth a trace. */
  private static int explain(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    boolean expected =
        e instanceof ConfigException
            || e instanceof SchemaException
            || e instanceof IllegalArgumentException
            || e instanceof java.sql.SQLException
            || e instanceof java.io.IOException;
    if (expected) {
      cmd.getErr().println("error: " + e.getMessage());
      return 2;
    }
    LOGGER.error("unexpected failure", e);
    return 1;
  }
}
