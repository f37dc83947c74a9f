package io.tileserver.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The whole configuration file, bound from YAML with kebab-case keys. Every section is optional. */
public record ServerConfig(
    HttpConfig server,
    DatabaseConfig database,
    SchemaConfig schema,
    CacheConfig cache,
    RedisConfig redis,
    Map<String, SourceConfig> sources,
    FontsConfig fonts,
    StylesConfig styles,
    SpritesConfig sprites,
    AdminConfig admin,
    InvalidationConfig invalidation,
    LimitsConfig limits,
    RateLimitConfig rateLimit,
    ShutdownConfig shutdown,
    StatsConfig stats) {

  public ServerConfig {
    server = server == null ? new HttpConfig(null, null, null, null, null, null, null, null, null, null, null, null)
        : server;
    database = database == null
        ? new DatabaseConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null)
        : database;
    schema = schema == null ? new SchemaConfig(null) : schema;
    cache = cache == null ? new CacheConfig(null, null, null, null, null) : cache;
    // redis stays null when absent: no L2.
    // Keep the file's order: it is the order of the default composite's layers.
    sources = sources == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    fonts = fonts == null ? new FontsConfig(null, null, null, null, null, null) : fonts;
    styles = styles == null ? new StylesConfig(null, null, null, null, null) : styles;
    sprites = sprites == null ? new SpritesConfig(null, null) : sprites;
    admin = admin == null ? new AdminConfig(null, null, null) : admin;
    invalidation = invalidation == null ? new InvalidationConfig(null, null) : invalidation;
    limits = limits == null ? new LimitsConfig(null, null, null, null, null, null, null, null, null, null) : limits;
    rateLimit = rateLimit == null ? new RateLimitConfig(null, null, null, null, null, null, null, null) : rateLimit;
    shutdown = shutdown == null ? new ShutdownConfig(null, null) : shutdown;
    stats = stats == null ? new StatsConfig(null, null) : stats;
    for (Map.Entry<String, SourceConfig> source : sources.entrySet()) {
      String name = source.getValue().database();
      InvalidValue.require(name == null || database.others().containsKey(name), "sources." + source.getKey()
          + ".database", "must name one of database.others (" + String.join(", ", database.others().keySet())
          + "), was " + name);
    }
    InvalidValue.require(!rateLimit.shared() || redis != null, "rate-limit.shared",
        "needs a redis section (the buckets live in Redis); remove it or add redis: {url: ...}");
  }

  /**
   * The same sources for {@code tile-server copy}, served on loopback to that one local client: no
   * tile caches (each tile is asked for once), no Redis, no rate limits, no admin, no migration, and
   * no wait before closing.
   */
  public ServerConfig forCopy() {
    HttpConfig http = new HttpConfig(0, null, List.of(), server.cacheControl(), server.cache(),
        server.immutableCacheControl(), server.tilejsonCacheControl(), List.of(), false, "127.0.0.1", null,
        server.preferredEncoding());
    return new ServerConfig(http, database, new SchemaConfig(false), new CacheConfig(0, null, null, null, 0), null,
        sources, fonts, styles, sprites, null, invalidation, limits,
        new RateLimitConfig(false, null, null, null, null, null, null, null), new ShutdownConfig(0, null),
        new StatsConfig(0, null));
  }

  /**
   * HTTP listener settings.
   *
   * @param publicUrl the URL clients reach this server at (behind a proxy or CDN); without it, tile
   *     URLs are built from X-Forwarded-Proto/Host or the request's Host
   * @param cacheControl the default {@code Cache-Control} of tiles no {@code cache} rule covers
   * @param cache per-zoom-range policies for every source's tiles (a source's own win)
   * @param immutableCacheControl tiles requested with their sources' current data version
   *     ({@code ?v=}, as TileJSON URLs carry it) never change: they get this
   * @param tilejsonCacheControl TileJSON names the current data version, so it must stay fresh
   * @param trustedProxies addresses or CIDR blocks of the proxies whose {@code X-Forwarded-*} headers
   *     are believed; from anyone else those headers are ignored (none by default)
   * @param martinRoutes also answer Martin's URL forms, {@code /{ids}/{z}/{x}/{y}} and {@code /{ids}}
   *     (TileJSON), and {@code /_/metrics}, so a map written for Martin works unchanged (default true)
   * @param host the address to listen on (default every interface, {@code 0.0.0.0})
   * @param basePath a path prefix of the URLs TileJSON and styles write, when a proxy serves this
   *     server under a path and no {@code public-url} is set (Martin's {@code base_path})
   * @param preferredEncoding the coding sent to a client that takes br and gzip equally: {@code br}
   *     (smaller, the default) or {@code gzip} (Martin's {@code preferred_encoding})
   */
  public record HttpConfig(Integer port, String publicUrl, List<String> corsOrigins, String cacheControl,
      List<CacheRule> cache, String immutableCacheControl, String tilejsonCacheControl, List<String> trustedProxies,
      Boolean martinRoutes, String host, String basePath, String preferredEncoding) {
    public HttpConfig {
      martinRoutes = martinRoutes == null || martinRoutes;
      port = port == null ? 3000 : port;
      InvalidValue.require(port >= 0 && port <= 65535, "port", "must be 0..65535 (0 picks a free port), was " + port);
      host = host == null || host.isBlank() ? "0.0.0.0" : host;
      basePath = basePath == null ? "" : basePath.replaceAll("/+$", "");
      InvalidValue.require(basePath.isEmpty() || basePath.matches("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+"), "base-path",
          "must be a URL path starting with / (like /maps), was " + basePath);
      preferredEncoding = preferredEncoding == null ? "br" : preferredEncoding;
      InvalidValue.require(List.of("br", "gzip").contains(preferredEncoding), "preferred-encoding",
          "must be br or gzip, was " + preferredEncoding);
      publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
      InvalidValue.require(publicUrl == null || publicUrl.matches("https?://.+"), "public-url",
          "must start with http:// or https://, was " + publicUrl);
      corsOrigins = corsOrigins == null ? List.of("*") : List.copyOf(corsOrigins);
      cacheControl = cacheControl == null ? "public, max-age=300" : cacheControl;
      cache = cache == null ? List.of() : List.copyOf(cache);
      immutableCacheControl = immutableCacheControl == null ? "public, max-age=31536000, immutable"
          : immutableCacheControl;
      tilejsonCacheControl = tilejsonCacheControl == null ? "no-cache" : tilejsonCacheControl;
      trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
      for (String proxy : trustedProxies) {
        try {
          IpRange.parse(proxy);
        } catch (IllegalArgumentException e) {
          throw new InvalidValue("trusted-proxies", "must list IP addresses or CIDR blocks: " + e.getMessage());
        }
      }
    }

    /** {@link #trustedProxies} parsed (the constructor has checked each). */
    public List<IpRange> trustedProxyRanges() {
      return trustedProxies.stream().map(IpRange::parse).toList();
    }
  }

  /**
   * Connection to PostgreSQL; the url defaults to {@code DATABASE_URL}.
   *
   * @param maxWaitQueue requests that may wait for a connection; past it the answer is 503
   * @param statementTimeoutMs a tile query running longer is cancelled and answered 503
   * @param parallelWorkers {@code max_parallel_workers_per_gather} for tile sessions: 0 by default,
   *     since starting workers per tile query made them ~3× slower on a 2-core machine
   * @param replicas read replicas (hot standbys of {@code url}) for tile queries and cluster index
   *     loads; empty entries (an unset {@code ${VAR:-}}) are left out, so one file serves with or without
   * @param replicaProbeMs how often each replica is probed (lag, and whether it answers); a probe
   *     not answered by the next one counts as failed
   * @param defaultSrid the SRID of geometry columns that declare none (Martin's {@code default_srid});
   *     null leaves them unpublished unless a source names its {@code srid}
   * @param idFromPrimaryKey a table source without an {@code id-column} (and, when auto-published,
   *     without a match in {@code auto-publish.id-columns}) takes its single-column integer primary
   *     key, else an integer column named {@code id}, as feature id and leaves it out of the
   *     properties; false (default) publishes such tables as Martin does: no feature id, every column
   *     a property
   * @param autoBounds how a table source without configured {@code bounds} gets them, Martin's
   *     {@code auto_bounds}: {@code quick} (default) the planner's estimate, else the exact extent if
   *     it takes under 5 s, else the whole world; {@code calc} the exact extent however long it takes;
   *     {@code skip} the whole world without reading the table
   * @param planCacheMode {@code plan_cache_mode} of tile sessions: {@code force_generic_plan} by
   *     default, because PostgreSQL's {@code auto} re-plans a tile statement on every execution
   *     (the generic plan's estimate for {@code geom && <box>} always looks worse than a custom
   *     one), and that planning was ~40% of a z15 tile's database CPU (bench/README.md)
   */
  public record DatabaseConfig(
      String url,
      Integer poolSize,
      Integer maxWaitQueue,
      Integer statementTimeoutMs,
      Integer parallelWorkers,
      AutoPublishConfig autoPublish,
      List<String> replicas,
      Integer replicaProbeMs,
      Integer defaultSrid,
      Boolean idFromPrimaryKey,
      String autoBounds,
      Integer maxFeatures,
      Map<String, DatabaseConfig> others,
      String planCacheMode) {
    /** PostgreSQL's values of {@code plan_cache_mode}. */
    private static final List<String> PLAN_CACHE_MODES = List.of("force_generic_plan", "auto", "force_custom_plan");

    public DatabaseConfig {
      poolSize = poolSize == null ? 8 : poolSize;
      InvalidValue.require(poolSize >= 1 && poolSize <= 256, "pool-size", "must be 1..256, was " + poolSize);
      maxWaitQueue = maxWaitQueue == null ? 256 : maxWaitQueue;
      InvalidValue.require(maxWaitQueue >= 0, "max-wait-queue", "must be >= 0, was " + maxWaitQueue);
      statementTimeoutMs = statementTimeoutMs == null ? 5000 : statementTimeoutMs;
      InvalidValue.require(statementTimeoutMs > 0, "statement-timeout-ms", "must be positive, was " + statementTimeoutMs);
      parallelWorkers = parallelWorkers == null ? 0 : parallelWorkers;
      InvalidValue.require(parallelWorkers >= 0, "parallel-workers", "must be >= 0, was " + parallelWorkers);
      replicas = replicas == null ? List.of()
          : replicas.stream().filter(r -> r != null && !r.isBlank()).toList();
      for (int i = 0; i < replicas.size(); i++) {
        try {
          DatabaseUrl.parse(replicas.get(i));
        } catch (IllegalArgumentException e) {
          // The message describes the URL's form, never echoes it: it may hold a password.
          throw new InvalidValue("replicas[" + i + "]", "must be a postgresql:// URL: " + e.getMessage());
        }
      }
      replicaProbeMs = replicaProbeMs == null ? 5000 : replicaProbeMs;
      InvalidValue.require(replicaProbeMs >= 100, "replica-probe-ms", "must be >= 100, was " + replicaProbeMs);
      InvalidValue.require(defaultSrid == null || defaultSrid > 0, "default-srid", "must be a positive SRID, was "
          + defaultSrid);
      idFromPrimaryKey = idFromPrimaryKey != null && idFromPrimaryKey;
      autoBounds = autoBounds == null ? "quick" : autoBounds;
      InvalidValue.require(List.of("quick", "calc", "skip").contains(autoBounds), "auto-bounds",
          "must be quick, calc or skip, was " + autoBounds);
      InvalidValue.require(maxFeatures == null || maxFeatures > 0, "max-features", "must be positive, was "
          + maxFeatures);
      planCacheMode = planCacheMode == null ? PLAN_CACHE_MODES.get(0) : planCacheMode;
      InvalidValue.require(PLAN_CACHE_MODES.contains(planCacheMode), "plan-cache-mode",
          "must be one of " + String.join(", ", PLAN_CACHE_MODES) + ", was " + planCacheMode);
      others = others == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(others));
      for (Map.Entry<String, DatabaseConfig> other : others.entrySet()) {
        InvalidValue.require(other.getValue().others().isEmpty(), "others." + other.getKey() + ".others",
            "is not allowed: list every database under the main one's others");
        InvalidValue.require(other.getValue().url() != null && !other.getValue().url().isBlank(),
            "others." + other.getKey() + ".url", "is required (a postgresql:// URL)");
        InvalidValue.require(other.getValue().replicas().isEmpty(), "others." + other.getKey() + ".replicas",
            "is not supported: read replicas are the main database's");
      }
    }

    public DatabaseUrl parsedUrl() {
      return DatabaseUrl.parse(url);
    }

    /** {@link #replicas} parsed (the constructor has checked each). */
    public List<DatabaseUrl> replicaUrls() {
      return replicas.stream().map(DatabaseUrl::parse).toList();
    }
  }

  /**
   * Which database objects become sources without being configured. Null means: publish everything
   * in {@code public} when no sources are configured, nothing otherwise.
   *
   * @param idColumns Martin's {@code id_columns}: candidate feature-id column names, tried in order
   *     on each published table; the first integer column of that name (else of that name in any
   *     case, if only one) is the feature id and not a property. Empty (default): no feature ids.
   *     One name may stand alone, as in Martin's YAML
   * @param tableIdFormat Martin's {@code tables.source_id_format}: a published table's id, its
   *     {@code {schema}}, {@code {table}} and {@code {column}} (the geometry column) filled in
   *     (default {@code {table}}); the result is made URL-safe and unique like any discovered id
   * @param functionIdFormat Martin's {@code functions.source_id_format}, with {@code {schema}} and
   *     {@code {function}} (default {@code {function}})
   * @param schemas where tables and functions are published from; {@code "*"} is every schema
   * @param tableSchemas where tables are published from, when not {@code schemas}
   * @param functionSchemas where functions are published from, when not {@code schemas}
   * @param extent the published tables' MVT extent, buffer and clipping (a configured source sets its own)
   */
  public record AutoPublishConfig(List<String> schemas, Boolean tables, Boolean functions,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> idColumns,
      String tableIdFormat, String functionIdFormat, List<String> tableSchemas, List<String> functionSchemas,
      Integer extent, Integer buffer, Boolean clip) {
    /** Stands for every schema in {@code schemas}, as Martin publishes when it is given none. */
    public static final String EVERY_SCHEMA = "*";

    public AutoPublishConfig {
      schemas = schemas == null ? List.of("public") : List.copyOf(schemas);
      tableSchemas = tableSchemas == null ? schemas : List.copyOf(tableSchemas);
      functionSchemas = functionSchemas == null ? schemas : List.copyOf(functionSchemas);
      InvalidValue.require(extent == null || (extent >= 256 && extent <= 65536), "extent",
          "must be 256..65536, was " + extent);
      InvalidValue.require(buffer == null || (buffer >= 0 && buffer <= (extent == null ? 4096 : extent) / 2), "buffer",
          "must be 0..extent/2, was " + buffer);
      tables = tables == null || tables;
      functions = functions == null || functions;
      idColumns = idColumns == null ? List.of() : idColumns;
      InvalidValue.require(idColumns.stream().noneMatch(c -> c == null || c.isBlank()), "id-columns",
          "must list column names, was " + idColumns);
      idColumns = List.copyOf(idColumns);
      tableIdFormat = tableIdFormat == null ? "{table}" : tableIdFormat;
      InvalidValue.require(!tableIdFormat.isBlank(), "table-id-format", "must not be blank");
      functionIdFormat = functionIdFormat == null ? "{function}" : functionIdFormat;
      InvalidValue.require(!functionIdFormat.isBlank(), "function-id-format", "must not be blank");
    }

    public boolean publishesTablesOf(String schema) {
      return tableSchemas.contains(EVERY_SCHEMA) || tableSchemas.contains(schema);
    }

    public boolean publishesFunctionsOf(String schema) {
      return functionSchemas.contains(EVERY_SCHEMA) || functionSchemas.contains(schema);
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
   * @param staleSizeMb bound on the bytes of tiles kept after their data changed or they expired,
   *     served when building their successor fails ({@code X-Cache: STALE}); 0 keeps none
   */
  public record CacheConfig(Integer maxSizeMb, Integer ttlSeconds, Integer minzoom, Integer maxzoom,
      Integer staleSizeMb) {
    public CacheConfig {
      maxSizeMb = maxSizeMb == null ? 256 : maxSizeMb;
      InvalidValue.require(maxSizeMb >= 0, "max-size-mb", "must be >= 0 (0 disables the cache), was " + maxSizeMb);
      InvalidValue.require(ttlSeconds == null || ttlSeconds > 0, "ttl-seconds", "must be positive, was " + ttlSeconds);
      minzoom = minzoom == null ? 0 : minzoom;
      maxzoom = maxzoom == null ? 30 : maxzoom;
      staleSizeMb = staleSizeMb == null ? 64 : staleSizeMb;
      InvalidValue.require(staleSizeMb >= 0, "stale-size-mb", "must be >= 0 (0 keeps no stale tiles), was " + staleSizeMb);
    }
  }

  /**
   * The shared tile cache (L2) in Redis; absent means none.
   *
   * @param url {@code redis://[user:password@]host:port[/db]} (or {@code rediss://}); without it and
   *     without {@code endpoints}, {@code REDIS_URL} from the environment
   * @param mode {@code standalone}, {@code cluster} or {@code sentinel}
   * @param endpoints cluster seed nodes or sentinels, as URLs; replaces {@code url}
   * @param masterName the sentinel master set's name (sentinel mode)
   * @param keyPrefix prefixes every key, so several servers or environments can share one Redis
   * @param ttlSeconds entries expire this long after being written
   * @param maxValueBytes tiles whose entry (all encodings) is bigger are not stored
   * @param timeoutMs a read or write slower than this counts as failed and the tile comes from the
   *     sources
   * @param poolSize connections per instance, each carrying many commands at once (pipelined); each
   *     thread keeps to one
   * @param versionRefreshMs how often the sources' data versions are re-read from Redis (besides
   *     pub/sub), i.e. how soon a change whose message this instance missed reaches it
   */
  public record RedisConfig(
      String url,
      String mode,
      List<String> endpoints,
      String masterName,
      String keyPrefix,
      Integer ttlSeconds,
      Integer maxValueBytes,
      Integer timeoutMs,
      Integer poolSize,
      Integer versionRefreshMs,
      BreakerConfig breaker) {
    public RedisConfig {
      url = url == null || url.isBlank() ? null : url;
      mode = mode == null ? "standalone" : mode;
      InvalidValue.require(List.of("standalone", "cluster", "sentinel").contains(mode), "mode",
          "must be standalone, cluster or sentinel, was " + mode);
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
      InvalidValue.require(!mode.equals("sentinel") || (masterName != null && !masterName.isBlank()), "master-name",
          "must name the master set in sentinel mode");
      keyPrefix = keyPrefix == null ? "tiles:" : keyPrefix;
      ttlSeconds = ttlSeconds == null ? 86_400 : ttlSeconds;
      InvalidValue.require(ttlSeconds > 0, "ttl-seconds", "must be positive, was " + ttlSeconds);
      maxValueBytes = maxValueBytes == null ? 1_048_576 : maxValueBytes;
      InvalidValue.require(maxValueBytes > 0, "max-value-bytes", "must be positive, was " + maxValueBytes);
      timeoutMs = timeoutMs == null ? 100 : timeoutMs;
      InvalidValue.require(timeoutMs > 0, "timeout-ms", "must be positive, was " + timeoutMs);
      poolSize = poolSize == null ? 8 : poolSize;
      InvalidValue.require(poolSize >= 1 && poolSize <= 256, "pool-size", "must be 1..256, was " + poolSize);
      versionRefreshMs = versionRefreshMs == null ? 1000 : versionRefreshMs;
      InvalidValue.require(versionRefreshMs > 0, "version-refresh-ms", "must be positive, was " + versionRefreshMs);
      breaker = breaker == null ? new BreakerConfig(null, null) : breaker;
    }

    /**
     * The URLs to connect to: {@code endpoints}, else {@code url}, else {@code REDIS_URL} read through
     * {@code env}. In cluster mode none may select a database but 0: Redis Cluster refuses
     * {@code SELECT}, so every connection would fail and the L2 would stay degraded for good.
     */
    public List<String> connectionStrings(Function<String, String> env) {
      if (!endpoints.isEmpty()) {
        for (int i = 0; i < endpoints.size(); i++) {
          requireClusterDatabase(endpoints.get(i), "config key `redis.endpoints[" + i + "]`");
        }
        return endpoints;
      }
      String fromEnv = env.apply("REDIS_URL");
      String chosen = url != null ? url : fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
      if (chosen == null) {
        throw new ConfigException("config key `redis.url` is not set and REDIS_URL is empty: set one of them,"
            + " e.g. url: redis://127.0.0.1:6379, or remove the redis section to run without L2");
      }
      requireClusterDatabase(chosen, url != null ? "config key `redis.url`" : "REDIS_URL");
      return List.of(chosen);
    }

    /** Names {@code where} rather than the URL, which may hold a password. */
    private void requireClusterDatabase(String connection, String where) {
      int database = database(connection);
      if (mode.equals("cluster") && database != 0) {
        throw new ConfigException(where + " selects database " + database
            + ", but Redis Cluster has only database 0: remove it from the URL in cluster mode");
      }
    }

    /** The database a Redis URL selects ({@code /N} or {@code ?db=N}, as the client reads it), 0 for none. */
    private static int database(String connection) {
      try {
        URI uri = new URI(connection);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!path.isEmpty()) {
          return Integer.parseInt(path);
        }
        for (String param : uri.getQuery() == null ? new String[0] : uri.getQuery().split("&")) {
          if (param.startsWith("db=")) {
            return Integer.parseInt(param.substring(3));
          }
        }
        return 0;
      } catch (URISyntaxException | NumberFormatException e) {
        // Not a URL this check understands: the client reports it when it connects.
        return 0;
      }
    }
  }

  /**
   * When the L2 counts as down: after {@code failuresToOpen} consecutive failures or timeouts it is
   * skipped for {@code openMs}, then one request probes it.
   */
  public record BreakerConfig(Integer failuresToOpen, Integer openMs) {
    public BreakerConfig {
      failuresToOpen = failuresToOpen == null ? 5 : failuresToOpen;
      InvalidValue.require(failuresToOpen >= 1, "failures-to-open", "must be >= 1, was " + failuresToOpen);
      openMs = openMs == null ? 5000 : openMs;
      InvalidValue.require(openMs >= 1, "open-ms", "must be >= 1, was " + openMs);
    }
  }
}
