package io.tileserver.source.postgis;

import io.tileserver.config.ConfigException;
import io.tileserver.config.ServerConfig.DatabaseConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a configured table source plus the catalog into a {@link TableSourceSpec}. Config wins over
 * what discovery finds; every reference to something that does not exist (table, column, SRID) is a
 * {@link ConfigException} naming the key, what was asked for and what exists.
 */
final class TableSourceResolver {
  private static final Set<String> NUMERIC_TYPES = Set.of("int2", "int4", "int8", "float4", "float8", "numeric");
  private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "name", "citext");

  /** A geography column without a declared SRID holds WGS84 lon/lat, geography's default. */
  private static final int GEOGRAPHY_SRID = 4326;

  private TableSourceResolver() {}

  /**
   * Resolves {@code sources.<id>} (kind table) against {@code relations}.
   *
   * @param defaultSrid {@code database.default-srid}: the SRID of a column that declares none, or null
   * @param featureIds the feature-id column when the entry names no {@code id-column}
   */
  static TableSourceSpec configured(String id, SourceConfig config, List<GeometryRelation> relations,
      DatabaseConfig database, FeatureIdColumn featureIds) {
    String key = "sources." + id;
    String table = config.table() != null ? config.table() : id;
    List<GeometryRelation> matches = relations.stream()
        .filter(r -> r.name().equals(table) && (config.schema() == null || r.schema().equals(config.schema())))
        .toList();
    if (matches.isEmpty()) {
      throw new ConfigException(key + ".table: no table, view or materialized view \"" + table
          + "\" with a geometry column"
          + (config.schema() == null ? "" : " in schema \"" + config.schema() + "\"") + "; found: "
          + String.join(", ", relations.stream().map(GeometryRelation::displayName).distinct().toList()));
    }
    List<String> schemas = matches.stream().map(GeometryRelation::schema).distinct().toList();
    if (schemas.size() > 1) {
      throw new ConfigException(key + ".schema: \"" + table + "\" exists in schemas " + String.join(", ", schemas)
          + "; set schema to one of them");
    }
    GeometryRelation relation = geometryColumn(key, config, matches);
    String idColumn = config.idColumn() != null ? idColumn(key, config.idColumn(), relation)
        : featureIds.configured(relation);
    return resolve(id, key, config, relation, database, idColumn);
  }

  /** A discovered relation published with default settings. */
  static TableSourceSpec discovered(String id, GeometryRelation relation, DatabaseConfig database,
      FeatureIdColumn featureIds) {
    return resolve(id, "sources." + id, SourceSettings.published(database.autoPublish()), relation, database,
        featureIds.discovered(id, relation));
  }

  private static GeometryRelation geometryColumn(String key, SourceConfig config, List<GeometryRelation> matches) {
    String names = String.join(", ", matches.stream().map(GeometryRelation::geometryColumn).toList());
    if (config.geometryColumn() != null) {
      return matches.stream().filter(r -> r.geometryColumn().equals(config.geometryColumn())).findFirst()
          .orElseThrow(() -> new ConfigException(key + ".geometry-column: no geometry column \""
              + config.geometryColumn()
              + "\" in " + matches.get(0).displayName() + "; geometry columns: " + names));
    }
    if (matches.size() > 1) {
      throw new ConfigException(key + ".geometry-column: " + matches.get(0).displayName()
          + " has several geometry columns (" + names + "); set geometry-column to one of them");
    }
    return matches.get(0);
  }

  /** The source's own settings, else the database's defaults ({@code default-srid}, {@code max-features}). */
  private static TableSourceSpec resolve(String id, String key, SourceConfig config, GeometryRelation relation,
      DatabaseConfig database, String idColumn) {
    Integer defaultSrid = database.defaultSrid();
    int srid = config.srid() != null ? config.srid()
        : relation.srid() > 0 ? relation.srid()
        : relation.geography() ? GEOGRAPHY_SRID
        : defaultSrid != null ? defaultSrid : 0;
    if (srid <= 0) {
      throw new ConfigException(key + ".srid: " + relation.displayName() + "." + relation.geometryColumn()
          + " declares no SRID (an unconstrained geometry column); set srid to the SRID its values use,"
          + " or database.default-srid for every such column");
    }
    return new TableSourceSpec(id, relation, relation.geometryColumn(), srid, idColumn,
        config.layer() != null ? config.layer() : id, attributes(key, config, relation, idColumn),
        SourceSettings.minzoom(config), SourceSettings.maxzoom(key, config), SourceSettings.bounds(key, config),
        config.extent(), config.buffer(),
        config.clip(), config.maxFeatures() != null ? config.maxFeatures() : database.maxFeatures(),
        config.description() != null ? config.description() : relation.description(),
        filters(key, config, relation));
  }

  /** The configured {@code id-column}, checked: it must exist and be an integer. */
  private static String idColumn(String key, String name, GeometryRelation relation) {
    GeometryRelation.Column column = column(key + ".id-column", name, relation);
    if (!FeatureIdColumn.INTEGER_TYPES.contains(column.type())) {
      throw new ConfigException(key + ".id-column: column \"" + column.name() + "\" of " + relation.displayName()
          + " is " + column.type() + "; the feature id must be an integer column (int2, int4, int8)");
    }
    return column.name();
  }

  private static List<AttributeColumn> attributes(
      String key, SourceConfig config, GeometryRelation relation, String idColumn) {
    List<AttributeColumn> attributes = new ArrayList<>();
    if (config.properties() == null) {
      for (GeometryRelation.Column column : relation.columns()) {
        if (!column.name().equals(idColumn) && !column.name().equals(relation.geometryColumn())) {
          AttributeColumn.of(column.name(), column.type()).ifPresent(attributes::add);
        }
      }
      return attributes;
    }
    for (int i = 0; i < config.properties().size(); i++) {
      String path = key + ".properties[" + i + "]";
      GeometryRelation.Column column = column(path, config.properties().get(i), relation);
      attributes.add(AttributeColumn.of(column.name(), column.type()).orElseThrow(() -> new ConfigException(
          path + ": column \"" + column.name() + "\" is " + column.type()
              + ": a spatial column cannot be a property (the source's geometry is geometry-column)")));
    }
    return attributes;
  }

  private static Map<String, FilterSpec> filters(String key, SourceConfig config, GeometryRelation relation) {
    Map<String, FilterSpec> filters = new LinkedHashMap<>();
    config.filters().forEach((name, filter) -> {
      String path = key + ".filters." + name;
      if (filter.column() == null) {
        throw new ConfigException(path + ".column: is required for a table source (the column this filter tests)");
      }
      GeometryRelation.Column column = column(path + ".column", filter.column(), relation);
      Set<String> compatible = filter.type() == FilterType.BOOL ? Set.of("bool")
          : filter.type() == FilterType.TEXT ? TEXT_TYPES : NUMERIC_TYPES;
      if (!compatible.contains(column.type())) {
        throw new ConfigException(path + ".type: " + filter.type().yamlName() + " cannot be compared with column \""
            + column.name() + "\" of type " + column.type() + "; use a type matching the column");
      }
      filters.put(name, filter);
    });
    return filters;
  }

  private static GeometryRelation.Column column(String path, String name, GeometryRelation relation) {
    return relation.column(name).orElseThrow(() -> new ConfigException(
        path + ": no column \"" + name + "\" in " + relation.displayName() + "; columns: " + relation.columnList()));
  }
}
