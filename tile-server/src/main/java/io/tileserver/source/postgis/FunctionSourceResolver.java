package io.tileserver.source.postgis;

import io.tileserver.config.ConfigException;
import io.tileserver.config.SourceConfig;
import java.util.List;

/** Turns a configured or discovered tile function into a {@link FunctionSourceSpec}. */
final class FunctionSourceResolver {
  private FunctionSourceResolver() {}

  /** Resolves {@code sources.<id>} (kind function) against the functions the catalog lists. */
  static FunctionSourceSpec configured(String id, SourceConfig config, List<TileFunction> functions) {
    String key = "sources." + id;
    List<TileFunction> matches = functions.stream()
        .filter(f -> f.name().equals(config.function()))
        .filter(f -> config.schema() == null || f.schema().equals(config.schema()))
        .toList();
    if (matches.isEmpty()) {
      throw new ConfigException(key + ".function: no function \"" + config.function() + "\""
          + (config.schema() == null ? "" : " in schema \"" + config.schema() + "\"")
          + " taking (z integer, x integer, y integer[, query json|jsonb]) and returning bytea; tile functions found: "
          + (functions.isEmpty() ? "none"
              : String.join(", ", functions.stream().map(TileFunction::displayName).distinct().toList())));
    }
    List<String> schemas = matches.stream().map(TileFunction::schema).distinct().toList();
    if (schemas.size() > 1) {
      throw new ConfigException(key + ".schema: function \"" + config.function() + "\" exists in schemas "
          + String.join(", ", schemas) + "; set schema to one of them");
    }
    // The catalog lists the variant taking the query first.
    TileFunction function = matches.get(0);
    if (!function.takesQuery() && !config.filters().isEmpty()) {
      throw new ConfigException(key + ".filters: " + function.displayName() + "(z, x, y) takes no query argument, so it"
          + " cannot apply filters; add a fourth argument `query jsonb` or remove the filters");
    }
    return resolve(id, key, config, function);
  }

  static FunctionSourceSpec discovered(String id, TileFunction function) {
    return resolve(id, "sources." + id, SourceSettings.DEFAULTS, function);
  }

  private static FunctionSourceSpec resolve(String id, String key, SourceConfig config, TileFunction function) {
    return new FunctionSourceSpec(id, function, config.layer() != null ? config.layer() : id,
        SourceSettings.minzoom(config), SourceSettings.maxzoom(key, config), SourceSettings.bounds(key, config),
        config.description() != null ? config.description() : function.description(), config.filters());
  }
}
