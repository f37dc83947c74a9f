package io.tileserver.cli;

import io.tileserver.app.DatabaseNeeds;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command shares: where the config is and, optionally, a database override. */
final class ConfigOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML config file. Without one: serve every geometry table found at DATABASE_URL, or the --data files.")
  Path configFile;

  @Option(
      names = "--config-format",
      paramLabel = "FORMAT",
      description = "auto (default: a file with Martin's keys is read as Martin's), ours or martin.")
  ConfigLoader.Format configFormat = ConfigLoader.Format.AUTO;

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description = "PostgreSQL URL (postgresql://user:pass@host:port/db); overrides the config and DATABASE_URL.")
  String databaseUrl;

  ServerConfig config() {
    return config(Map.of());
  }

  /** The config with {@code moreSources} added to its own ({@code serve --data}). */
  ServerConfig config(Map<String, Object> moreSources) {
    return new ConfigLoader(EnvSubstitution.fromSystem(), configFormat).load(configFile, moreSources);
  }

  DatabaseUrl database(ServerConfig config) {
    return DatabaseUrl.parse(databaseUrl != null ? databaseUrl : config.database().url());
  }

  /** The database when one is given; null when none is given and no source needs one. */
  DatabaseUrl databaseIfNeeded(ServerConfig config) {
    return DatabaseNeeds.resolve(config, databaseUrl != null ? databaseUrl : config.database().url());
  }
}
