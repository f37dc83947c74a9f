package io.tileserver.config.martin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Martin's {@code postgres} section as our {@code database} section and table and function sources. */
final class MartinPostgres {
  private final MartinConfig config;
  private String name;

  MartinPostgres(MartinConfig config) {
    this.config = config;
  }

  /**
   * @param database where our database keys go
   * @param name the {@code database.others} name of this connection, for its sources; null for the main one
   */
  void read(MartinNode postgres, Map<String, Object> database, String name) {
    this.name = name;
    MartinConfig.copy(postgres, "connection_string", database, "url");
    MartinConfig.copy(postgres, "default_srid", database, "default-srid");
    MartinConfig.copy(postgres, "pool_size", database, "pool-size");
    MartinConfig.copy(postgres, "max_feature_count", database, "max-features");
    MartinConfig.copy(postgres, "auto_bounds", database, "auto-bounds");
    for (String ssl : List.of("ssl_cert", "ssl_key", "ssl_root_cert")) {
      if (postgres.has(ssl)) {
        config.unsupported(postgres.key(ssl), "client certificates are not supported; use a password in the URL");
      }
    }
    if (postgres.has("reload_interval")) {
      config.note(postgres.key("reload_interval"), "tables and functions are discovered at start");
    }
    Map<String, Object> tables = postgres.entries("tables");
    Map<String, Object> functions = postgres.entries("functions");
    autoPublish(postgres, database, !tables.isEmpty() || !functions.isEmpty());
    tables.forEach((id, entry) -> table(id, node(postgres, "tables." + id, entry)));
    functions.forEach((id, entry) -> function(id, node(postgres, "functions." + id, entry)));
    config.warnUnread(postgres);
  }

  private static MartinNode node(MartinNode parent, String key, Object entry) {
    if (!(entry instanceof Map<?, ?> map)) {
      throw parent.bad(key, "must be a mapping", entry);
    }
    return new MartinNode(parent.key(key), map);
  }

  /**
   * Martin publishes every table and function of every schema when nothing is configured and
   * {@code auto_publish} is unset; {@code auto_publish} naming only one of {@code tables} and
   * {@code functions} turns the other off.
   */
  private void autoPublish(MartinNode postgres, Map<String, Object> database, boolean anyConfigured) {
    Object auto = postgres.raw("auto_publish");
    Map<String, Object> ours = new LinkedHashMap<>();
    database.put("auto-publish", ours);
    if (auto == null || auto instanceof Boolean) {
      boolean on = auto == null ? !anyConfigured : (Boolean) auto;
      ours.put("tables", on);
      ours.put("functions", on);
      ours.put("schemas", List.of("*"));
      return;
    }
    MartinNode node = postgres.node("auto_publish");
    List<String> schemas = node.strings("from_schemas");
    boolean namesOne = node.has("tables") || node.has("functions");
    ours.put("schemas", schemas.isEmpty() ? List.of("*") : schemas);
    kind(node, "tables", !namesOne, schemas, ours, "table-schemas");
    kind(node, "functions", !namesOne, schemas, ours, "function-schemas");
    config.warnUnread(node);
  }

  /** {@code auto_publish.tables} or {@code .functions}: true, false, or a mapping (on) of its settings. */
  private void kind(MartinNode auto, String key, boolean byDefault, List<String> schemas, Map<String, Object> ours,
      String schemasKey) {
    Object value = auto.raw(key);
    boolean on = value == null ? byDefault : !(value instanceof Boolean flag) || flag;
    ours.put(key, on);
    if (!(value instanceof Map)) {
      return;
    }
    MartinNode node = auto.node(key);
    List<String> more = node.strings("from_schemas");
    if (!more.isEmpty()) {
      Set<String> all = new LinkedHashSet<>(schemas);
      all.addAll(more);
      ours.put(schemasKey, schemas.isEmpty() ? more : new ArrayList<>(all));
    }
    String format = node.string("source_id_format");
    if (format != null) {
      ours.put(key.equals("tables") ? "table-id-format" : "function-id-format", format);
    }
    if (key.equals("tables")) {
      List<String> idColumns = node.strings("id_columns");
      if (!idColumns.isEmpty()) {
        ours.put("id-columns", idColumns);
      }
      MartinConfig.copy(node, "extent", ours, "extent");
      MartinConfig.copy(node, "buffer", ours, "buffer");
      MartinConfig.copy(node, "clip_geom", ours, "clip");
    }
    config.warnUnread(node);
  }

  private void putDatabase(Map<String, Object> source) {
    if (name != null) {
      source.put("database", name);
    }
  }

  private void table(String id, MartinNode entry) {
    Map<String, Object> source = config.newSource(id);
    source.put("kind", "table");
    putDatabase(source);
    MartinConfig.copy(entry, "schema", source, "schema");
    MartinConfig.copy(entry, "table", source, "table");
    MartinConfig.copy(entry, "geometry_column", source, "geometry-column");
    MartinConfig.copy(entry, "srid", source, "srid");
    MartinConfig.copy(entry, "id_column", source, "id-column");
    MartinConfig.copy(entry, "layer_id", source, "layer");
    MartinConfig.copy(entry, "minzoom", source, "minzoom");
    MartinConfig.copy(entry, "maxzoom", source, "maxzoom");
    MartinConfig.copy(entry, "bounds", source, "bounds");
    MartinConfig.copy(entry, "extent", source, "extent");
    MartinConfig.copy(entry, "buffer", source, "buffer");
    MartinConfig.copy(entry, "clip_geom", source, "clip");
    // Martin lists properties as name → type; the names are what is published.
    Map<String, Object> properties = entry.entries("properties");
    if (entry.has("properties")) {
      source.put("properties", new ArrayList<>(properties.keySet()));
    }
    if (entry.has("geometry_type")) {
      config.note(entry.key("geometry_type"), "the geometry type is read from the column");
    }
    config.warnUnread(entry);
  }

  private void function(String id, MartinNode entry) {
    Map<String, Object> source = config.newSource(id);
    source.put("kind", "function");
    putDatabase(source);
    MartinConfig.copy(entry, "schema", source, "schema");
    MartinConfig.copy(entry, "function", source, "function");
    MartinConfig.copy(entry, "minzoom", source, "minzoom");
    MartinConfig.copy(entry, "maxzoom", source, "maxzoom");
    MartinConfig.copy(entry, "bounds", source, "bounds");
    config.warnUnread(entry);
  }
}
