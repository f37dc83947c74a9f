package io.tileserver.source.postgis;

import io.tileserver.config.ConfigException;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out source ids, Martin-style: a discovered source is called after its table or function;
 * when that name is taken (two schemas with a {@code roads} table, two geometry columns in one
 * table) or is a word the server's URLs use, it becomes {@code name.1}, then {@code name.2}, …
 * in discovery order (schema, name, column), so ids are stable while the database is. Configured
 * sources keep the id they are given and are claimed first; a reserved one is a config error.
 */
final class SourceIds {
  /** Path segments the HTTP layer routes itself; a source of that name would be unreachable or confusing. */
  static final Set<String> RESERVED = Set.of(
      "catalog", "health", "ready", "metrics", "styles", "fonts", "admin", "clusters", "sprites", "tiles", "index");

  private final Set<String> taken = new HashSet<>();

  /** Claims a configured id; {@code keyPath} is its config key for the error message. */
  void claim(String id, String keyPath) {
    if (RESERVED.contains(id)) {
      throw new ConfigException(keyPath + ": \"" + id + "\" is reserved for the server's own URLs ("
          + String.join(", ", RESERVED.stream().sorted().toList()) + "); rename the source");
    }
    if (id.isBlank() || id.contains(",") || id.contains("/")) {
      throw new ConfigException(
          keyPath + ": a source id must be non-blank and contain no ',' or '/', was \"" + id + "\"");
    }
    taken.add(id);
  }

  /** {@code name} if free, else the first free {@code name.N}. */
  String allocate(String name) {
    String base = name.replace(',', '_').replace('/', '_');
    String id = base;
    for (int i = 1; RESERVED.contains(id) || taken.contains(id); i++) {
      id = base + "." + i;
    }
    taken.add(id);
    return id;
  }
}
