package io.tileserver.app;

import io.tileserver.config.ConfigException;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.SourceConfig;
import java.util.Map;

/**
 * Whether a server needs PostgreSQL. It does when a source reads it (table and function sources,
 * cluster sources without a file) or when nothing is configured at all (then it publishes every
 * table it finds). A server of files alone runs without one when no URL is given; a URL given is
 * used all the same (it may publish tables beside the files).
 */
public final class DatabaseNeeds {
  private DatabaseNeeds() {}

  /**
   * The database to use: {@code url} parsed, or null when none is given and none is needed.
   *
   * @param url the command line's {@code --database-url}, else {@code database.url} (which defaults
   *     to {@code DATABASE_URL}); null or blank when unset
   */
  public static DatabaseUrl resolve(ServerConfig config, String url) {
    if (url == null || url.isBlank()) {
      check(config, false);
      return null;
    }
    return DatabaseUrl.parse(url);
  }

  /** Fails, naming the first source that reads PostgreSQL, when there is no database to read. */
  public static void check(ServerConfig config, boolean haveDatabase) {
    if (haveDatabase) {
      return;
    }
    if (config.sources().isEmpty()) {
      throw new ConfigException("nothing to serve: no sources are configured and there is no database to publish"
          + " tables from; set DATABASE_URL or database.url, or serve files with serve --data FILE");
    }
    for (Map.Entry<String, SourceConfig> e : config.sources().entrySet()) {
      SourceConfig source = e.getValue();
      if (source.needsDatabase()) {
        throw new ConfigException("sources." + e.getKey() + " is a " + source.kind() + " source, which reads"
            + " PostgreSQL, and no database is configured: set DATABASE_URL or database.url"
            + (source.kind().equals("cluster") ? ", or give it a file: of listings (CSV or GeoJSON)" : ""));
      }
    }
  }
}
