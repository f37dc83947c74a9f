package io.tileserver.source.postgis;

import io.tileserver.config.ServerConfig;
import io.tileserver.config.ServerConfig.AutoPublishConfig;
import io.tileserver.config.ServerConfig.DatabaseConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.source.TileSource;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostGIS sources of a configuration: the entry point the server calls once at start.
 *
 * <p>Order: configured table and function sources in the file's order, then auto-published tables,
 * then auto-published functions, each sorted by schema and name. What is auto-published follows
 * {@code database.auto-publish}: when it is absent, everything in {@code public} if no sources are
 * configured and nothing otherwise; when present, its {@code schemas}, {@code tables} and
 * {@code functions} say what, besides the configured sources. A discovered relation or function that
 * a configured source already serves is not published twice.
 */
public final class PostgisSources {
  private static final Logger LOGGER = LoggerFactory.getLogger(PostgisSources.class);

  private PostgisSources() {}

  /**
   * Reads the catalog and builds every PostGIS source. Fails with a
   * {@link io.tileserver.config.ConfigException} naming the key when config refers to a table,
   * column or function that does not exist.
   */
  public static Future<List<TileSource>> discover(ReadPools reads, ServerConfig config) {
    return discover(reads, Map.of(), config);
  }

  /**
   * The sources of the main database and then of each of {@code database.others} ({@code others}
   * holds their pools by name), one database after another. Ids are unique across all of them:
   * every configured id is taken first, then each database's published ones get {@code .1}, … as
   * one database's would (Martin's rule over its list of connections).
   */
  public static Future<List<TileSource>> discover(ReadPools reads, Map<String, ReadPools> others, ServerConfig config) {
    SourceIds ids = new SourceIds();
    config.sources().keySet().forEach(id -> ids.claim(id, "sources." + id));
    List<TileSource> all = new ArrayList<>();
    Future<Void> chain = discoverOne(reads, config.database(), sourcesOf(config, null), ids).map(all::addAll)
        .mapEmpty();
    for (Map.Entry<String, DatabaseConfig> other : config.database().others().entrySet()) {
      ReadPools pools = others.get(other.getKey());
      Map<String, SourceConfig> sources = sourcesOf(config, other.getKey());
      chain = chain.compose(v -> discoverOne(pools, other.getValue(), sources, ids)).map(all::addAll).mapEmpty();
    }
    return chain.map(v -> all);
  }

  private static Future<List<TileSource>> discoverOne(ReadPools reads, DatabaseConfig database,
      Map<String, SourceConfig> sources, SourceIds ids) {
    PostgisCatalog catalog = new PostgisCatalog(reads.primary());
    return catalog.relations()
        .compose(relations -> catalog.functions().map(functions -> plan(database, sources, relations, functions, ids)))
        .compose(specs -> buildInTurn(reads, specs, database));
  }

  /** The configured sources reading database {@code name} (null: the main one, and every source not of a database). */
  private static Map<String, SourceConfig> sourcesOf(ServerConfig config, String name) {
    Map<String, SourceConfig> sources = new LinkedHashMap<>();
    config.sources().forEach((id, source) -> {
      if (Objects.equals(source.database(), name)) {
        sources.put(id, source);
      }
    });
    return sources;
  }

  /**
   * Builds the sources one after another: computing bounds takes a connection per table, and a
   * start-up fan-out over many tables could fill a small pool's wait queue.
   */
  private static Future<List<TileSource>> buildInTurn(ReadPools reads, List<SourceSpec> specs,
      DatabaseConfig database) {
    List<TileSource> built = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (SourceSpec spec : specs) {
      chain = chain.compose(v -> build(reads, spec, database)).map(source -> {
        built.add(source);
        return null;
      });
    }
    return chain.map(v -> built);
  }

  /**
   * Bounds not configured are computed on the primary as {@code database.auto-bounds} says, like
   * every catalog read; the sources' tiles go through {@code reads}.
   */
  private static Future<TileSource> build(ReadPools reads, SourceSpec spec, DatabaseConfig database) {
    int timeoutMs = database.statementTimeoutMs();
    Future<TileSource> source = switch (spec) {
      case TableSourceSpec table when table.bounds() != null ->
          Future.succeededFuture(new PostgisTableSource(reads, table, table.bounds(), timeoutMs));
      case TableSourceSpec table -> TableBounds.compute(reads.primary(), table, database.autoBounds())
          .map(bounds -> new PostgisTableSource(reads, table, bounds, timeoutMs));
      case FunctionSourceSpec function -> Future.succeededFuture(new PostgisFunctionSource(reads, function, timeoutMs));
    };
    return source.onSuccess(s -> LOGGER.info("source {}: {}, zoom {}..{}, layer {}{}", s.id(), spec.origin(),
        s.info().minzoom(), s.info().maxzoom(), s.info().layers().get(0).id(),
        s.info().filters().isEmpty() ? "" : ", filters " + String.join(", ", s.info().filters().keySet())));
  }

  /**
   * Resolves one database's config and catalog into specs, in publishing order; {@code ids} holds
   * every configured id already (cluster and archive ones too, built elsewhere).
   */
  private static List<SourceSpec> plan(DatabaseConfig database, Map<String, SourceConfig> sources,
      List<GeometryRelation> relations, List<TileFunction> functions, SourceIds ids) {
    FeatureIdColumn featureIds = FeatureIdColumn.of(database, database.autoPublish());
    List<SourceSpec> specs = new ArrayList<>();
    Set<String> servedRelations = new HashSet<>();
    Set<String> servedFunctions = new HashSet<>();
    for (Map.Entry<String, SourceConfig> e : sources.entrySet()) {
      String id = e.getKey();
      SourceConfig source = e.getValue();
      if (source.kind().equals("table")) {
        TableSourceSpec spec = TableSourceResolver.configured(id, source, relations, database, featureIds);
        servedRelations.add(relationKey(spec.relation()));
        specs.add(spec);
      } else if (source.kind().equals("function")) {
        FunctionSourceSpec spec = FunctionSourceResolver.configured(id, source, functions);
        servedFunctions.add(spec.function().displayName());
        specs.add(spec);
      }
    }
    AutoPublishConfig auto = database.autoPublish();
    if (auto == null) {
      boolean everything = sources.isEmpty();
      auto = new AutoPublishConfig(null, everything, everything, null, null, null, null, null, null, null, null);
    }
    if (auto.tables()) {
      for (GeometryRelation relation : relations) {
        if (auto.publishesTablesOf(relation.schema()) && servedRelations.add(relationKey(relation))) {
          if (relation.srid() <= 0 && !relation.geography() && database.defaultSrid() == null) {
            LOGGER.warn("not publishing {}.{}: the column declares no SRID; set database.default-srid, or configure it"
                + " as a source with srid set", relation.displayName(), relation.geometryColumn());
            continue;
          }
          String name = auto.tableIdFormat().replace("{schema}", relation.schema())
              .replace("{table}", relation.name()).replace("{column}", relation.geometryColumn());
          specs.add(TableSourceResolver.discovered(ids.allocate(name), relation, database, featureIds));
        }
      }
    }
    if (auto.functions()) {
      for (TileFunction function : functions) {
        if (auto.publishesFunctionsOf(function.schema()) && servedFunctions.add(function.displayName())) {
          String name = auto.functionIdFormat().replace("{schema}", function.schema())
              .replace("{function}", function.name());
          specs.add(FunctionSourceResolver.discovered(ids.allocate(name), function));
        }
      }
    }
    return specs;
  }

  private static String relationKey(GeometryRelation relation) {
    return relation.schema() + '\0' + relation.name() + '\0' + relation.geometryColumn();
  }
}
