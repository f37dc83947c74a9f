package io.tileserver;

import io.tileserver.cli.TileServerCommand;
import picocli.CommandLine;

/** Entry point of {@code tile-server.jar}: hands the arguments to the CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(TileServerCommand.commandLine().execute(args));
  }
}
