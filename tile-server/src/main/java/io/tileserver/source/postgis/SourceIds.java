package io.tileserver.source.postgis;

import io.tileserver.config.ConfigException;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Hands out source ids as Martin does: a discovered source is called after its table or function,
 * every character but ASCII letters, digits, {@code _}, {@code .} and {@code -} replaced by
 * {@code -} (so {@code My "Odd" Table} is {@code My--Odd--Table}, and every id is a plain URL path
 * segment); when that id is taken (two schemas with a {@code roads} table, two geometry columns in
 * one table, {@code a b} beside {@code a-b}) or is a reserved word, it becomes {@code name.1}, then
 * {@code name.2}, … in discovery order (schema, name, column, compared byte by byte as Martin sorts
 * them), so ids are stable while the database is. Configured sources keep the id they are given and
 * are claimed first; a reserved one is a config error rather than Martin's silent rename.
 */
final class SourceIds {
  /** Martin's reserved ids: its own endpoints and words it keeps for later ones. */
  private static final Set<String> MARTIN_RESERVED = Set.of(
      "_", "catalog", "config", "font", "health", "help", "index", "manifest", "metrics", "refresh", "reload",
      "sprite", "status");

  /**
   * Martin's reserved ids, the first path segments this server routes itself (a source of that name
   * would be unreachable or confusing), and the dot segments {@code .} and {@code ..}, which URL
   * normalisation removes from a path. None ends in {@code .N}, so a suffixed id is never reserved.
   */
  static final Set<String> RESERVED = Stream.concat(MARTIN_RESERVED.stream(), Stream.of(
      "ready", "styles", "fonts", "admin", "api", "clusters", "sprites", "tiles", "viewer", ".", ".."))
      .collect(Collectors.toUnmodifiableSet());

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

  /** {@code name} made URL-safe, if free; else the first free {@code name.N}. */
  String allocate(String name) {
    String base = urlSafe(name);
    String id = base;
    for (int i = 1; RESERVED.contains(id) || taken.contains(id); i++) {
      id = base + "." + i;
    }
    taken.add(id);
    return id;
  }

  /** Martin's rule: each character (code point) outside {@code [A-Za-z0-9_.-]} becomes {@code -}. */
  private static String urlSafe(String name) {
    StringBuilder id = new StringBuilder(name.length());
    name.codePoints().forEach(c -> id.append(
        c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') ? (char) c : '-'));
    return id.toString();
  }
}
