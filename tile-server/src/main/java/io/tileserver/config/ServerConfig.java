package io.tileserver.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The whole configuration file, bound from YAML with kebab-case keys. Every section is optional. */
public record ServerConfig(
    HttpConfig server,
    DatabaseConfig database,
    SchemaConfig schema,
    CacheConfig cache,
    Map<String, SourceConfig> sources,
    FontsConfig fonts,
    StylesConfig styles) {

  public ServerConfig {
    server = server == null ? new HttpConfig(null, null, null, null) : server;
    database = database == null ? new DatabaseConfig(null, null, null, null, null, null) : database;
    schema = schema == null ? new SchemaConfig(null) : schema;
    cache = cache == null ? new CacheConfig(null, null, null, null) : cache;
    // Keep the file's order: it is the order of the default composite's layers.
    sources = sources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    fonts = fonts == null ? new FontsConfig(null, null) : fonts;
    styles = styles == null ? new StylesConfig(null, null) : styles;
  }

  /**
   * HTTP listener settings.
   *
   * @param publicUrl the URL clients reach this server at (behind a proxy or CDN); without it, tile
   *     URLs are built from X-Forwarded-Proto/Host or the request's Host
   * @param cacheControl the default {@code Cache-Control} of tiles
   */
  public record HttpConfig(Integer port, String publicUrl, List<String> corsOrigins, String cacheControl) {
    public HttpConfig {
      port = port == null ? 3000 : port;
      InvalidValue.require(port >= 0 && port <= 65535, "port", "must be 0..65535 (0 picks a free port), was " + port);
      publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
      InvalidValue.require(publicUrl == null || publicUrl.matches("https?://.+"), "public-url",
          "must start with http:// or https://, was " + publicUrl);
      corsOrigins = corsOrigins == null ? List.of("*") : List.copyOf(corsOrigins);
      cacheControl = cacheControl == null ? "public, max-age=300" : cacheControl;
    }
  }

  /**
   * Connection to PostgreSQL; the url defaults to {@code DATABASE_URL}.
   *
   * @param maxWaitQueue requests that may wait for a connection; past it the answer is 503
   * @param statementTimeoutMs a tile query running longer is cancelled and answered 503
   * @param parallelWorkers {@code max_parallel_workers_per_gather} for tile sessions: 0 by default,
   *     since starting workers per tile query made them ~3× slower on a 2-core machine
   */
  public record DatabaseConfig(
      String url,
      Integer poolSize,
      Integer maxWaitQueue,
      Integer statementTimeoutMs,
      Integer parallelWorkers,
      AutoPublishConfig autoPublish) {
    public DatabaseConfig {
      poolSize = poolSize == null ? 8 : poolSize;
      InvalidValue.require(poolSize >= 1 && poolSize <= 256, "pool-size", "must be 1..256, was " + poolSize);
      maxWaitQueue = maxWaitQueue == null ? 256 : maxWaitQueue;
      InvalidValue.require(maxWaitQueue >= 0, "max-wait-queue", "must be >= 0, was " + maxWaitQueue);
      statementTimeoutMs = statementTimeoutMs == null ? 5000 : statementTimeoutMs;
      InvalidValue.require(statementTimeoutMs > 0, "statement-timeout-ms", "must be positive, was " + statementTimeoutMs);
      parallelWorkers = parallelWorkers == null ? 0 : parallelWorkers;
      InvalidValue.require(parallelWorkers >= 0, "parallel-workers", "must be >= 0, was " + parallelWorkers);
    }

    public DatabaseUrl parsedUrl() {
      return DatabaseUrl.parse(url);
    }
  }

  /**
   * Which database objects become sources without being configured. Null means: publish everything
   * in {@code public} when no sources are configured, nothing otherwise.
   */
  public record AutoPublishConfig(List<String> schemas, Boolean tables, Boolean functions) {
    public AutoPublishConfig {
      schemas = schemas == null ? List.of("public") : List.copyOf(schemas);
      tables = tables == null || tables;
      functions = functions == null || functions;
    }
  }

  /** Liquibase settings. */
  public record SchemaConfig(Boolean migrateOnStart) {
    public SchemaConfig {
      migrateOnStart = migrateOnStart == null || migrateOnStart;
    }
  }

  /**
   * The in-process tile cache (L1).
   *
   * @param maxSizeMb bound on the bytes held (all encodings counted)
   * @param ttlSeconds entries expire this long after being written (default: never; data changes
   *     invalidate them)
   * @param minzoom tiles below this zoom are not cached
   * @param maxzoom tiles above this zoom are not cached
   */
  public record CacheConfig(Integer maxSizeMb, Integer ttlSeconds, Integer minzoom, Integer maxzoom) {
    public CacheConfig {
      maxSizeMb = maxSizeMb == null ? 256 : maxSizeMb;
      InvalidValue.require(maxSizeMb >= 0, "max-size-mb", "must be >= 0 (0 disables the cache), was " + maxSizeMb);
      InvalidValue.require(ttlSeconds == null || ttlSeconds > 0, "ttl-seconds", "must be positive, was " + ttlSeconds);
      minzoom = minzoom == null ? 0 : minzoom;
      maxzoom = maxzoom == null ? 30 : maxzoom;
    }
  }
}
