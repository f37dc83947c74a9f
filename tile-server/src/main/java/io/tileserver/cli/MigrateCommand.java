package io.tileserver.cli;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.schema.SchemaMigrator;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tile-server migrate}: applies the Liquibase schema, or rolls back its last changesets. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Apply the spatial schema (sql/ changelog) to the database, or roll changesets back.")
final class MigrateCommand implements Callable<Integer> {
  private static final Logger LOGGER = LoggerFactory.getLogger(MigrateCommand.class);

  @Mixin ConfigOptions options;

  @Option(
      names = "--rollback-count",
      paramLabel = "N",
      description = "Roll back the last N applied changesets instead of applying pending ones.")
  Integer rollbackCount;

  @Override
  public Integer call() {
    DatabaseUrl url = options.database(options.config());
    SchemaMigrator migrator = new SchemaMigrator(url);
    if (rollbackCount != null) {
      if (rollbackCount < 1) {
        throw new IllegalArgumentException("--rollback-count must be at least 1, was " + rollbackCount);
      }
      migrator.rollbackCount(rollbackCount);
      LOGGER.info("rolled back {} changeset(s) on {}", rollbackCount, url.redacted());
    } else {
      migrator.update();
      LOGGER.info("schema is up to date on {}", url.redacted());
    }
    return 0;
  }
}
