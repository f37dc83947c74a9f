package io.tileserver.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code tile-server} command; its subcommands do the work. */
@Command(
    name = "tile-server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Vector tile server for PostGIS with in-memory point clustering.",
    subcommands = {CommandLine.HelpCommand.class})
public final class TileServerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A command line with every subcommand registered. */
  public static CommandLine commandLine() {
    return new CommandLine(new TileServerCommand());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}
