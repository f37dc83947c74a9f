package io.tileserver.config;

/** The whole configuration file, bound from YAML with kebab-case keys. */
public record ServerConfig(HttpConfig server, DatabaseConfig database, SchemaConfig schema) {
  public ServerConfig {
    server = server == null ? new HttpConfig(null, null) : server;
    database = database == null ? new DatabaseConfig(null, null) : database;
    schema = schema == null ? new SchemaConfig(null) : schema;
  }

  /** HTTP listener settings. */
  public record HttpConfig(Integer port, String publicUrl) {
    public HttpConfig {
      port = port == null ? 3000 : port;
      InvalidValue.require(port >= 0 && port <= 65535, "port", "must be 0..65535 (0 picks a free port), was " + port);
    }
  }

  /** Connection to PostgreSQL; the url defaults to {@code DATABASE_URL}. */
  public record DatabaseConfig(String url, Integer poolSize) {
    public DatabaseConfig {
      poolSize = poolSize == null ? 8 : poolSize;
      InvalidValue.require(poolSize >= 1 && poolSize <= 256, "pool-size", "must be 1..256, was " + poolSize);
    }

    public DatabaseUrl parsedUrl() {
      return DatabaseUrl.parse(url);
    }
  }

  /** Liquibase settings. */
  public record SchemaConfig(Boolean migrateOnStart) {
    public SchemaConfig {
      migrateOnStart = migrateOnStart == null || migrateOnStart;
    }
  }
}
