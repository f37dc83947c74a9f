package io.tileserver.config.martin;

import io.tileserver.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a Martin configuration file (maplibre/martin's YAML, after {@code ${VAR:-default}}
 * substitution) as our configuration. Every key Martin documents is translated to the key of ours
 * that does the same, accepted as changing nothing here (noted), or not honoured: such keys stop the
 * start with Martin's {@code on_invalid: abort} (its default) and are warnings with
 * {@code on_invalid: warn}. Keys Martin does not know are warnings, as Martin treats them. Served
 * from a Martin file the server neither migrates nor writes to the database and uses no Redis.
 * docs/martin.md is the table of every key.
 */
public final class MartinConfig {
  /**
   * Top-level keys only Martin's files have: one of them makes a file Martin's ({@code fonts},
   * {@code sprites} and {@code styles} are keys of ours too).
   */
  private static final Set<String> MARTIN_KEYS = Set.of("listen_addresses", "keep_alive", "worker_processes",
      "cache_size_mb", "tile_cache_size_mb", "preferred_encoding", "postgres", "mbtiles", "pmtiles",
      "base_path", "route_prefix", "cors", "on_invalid", "web_ui", "observability", "tilejson_url_version_param",
      "convert_to_mlt", "convert_to_mvt");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(d|h|m|s|days?|hours?|minutes?|min|seconds?|sec)");

  private final Map<String, Object> out = new LinkedHashMap<>();
  /** Keys set to something this server does not do, with why. */
  private final List<String> unsupported = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private MartinConfig() {}

  /**
   * Our configuration tree of a Martin file, and the warnings to log.
   *
   * @param config our keys, kebab-case, as our own YAML would hold them
   */
  public record Translation(Map<String, Object> config, List<String> warnings) {}

  /** Whether a parsed config file is Martin's: it has a key no file of ours has. */
  public static boolean isMartin(Object tree) {
    return tree instanceof Map<?, ?> map && map.keySet().stream().anyMatch(MARTIN_KEYS::contains);
  }

  /** Translates a parsed Martin file; a key this server does not honour fails it unless {@code on_invalid: warn}. */
  public static Translation translate(Object tree) {
    if (tree != null && !(tree instanceof Map)) {
      throw new ConfigException("a Martin config file must be a mapping of keys");
    }
    MartinConfig config = new MartinConfig();
    MartinNode root = new MartinNode("", tree == null ? Map.of() : (Map<?, ?>) tree);
    String onInvalid = root.string("on_invalid");
    if (onInvalid != null && !onInvalid.equals("warn") && !onInvalid.equals("abort")) {
      throw root.bad("on_invalid", "must be warn or abort", onInvalid);
    }
    config.read(root);
    if (!config.unsupported.isEmpty() && !"warn".equals(onInvalid)) {
      throw new ConfigException("this Martin config asks for what this server does not do (on_invalid: abort):\n  "
          + String.join("\n  ", config.unsupported)
          + "\nremove those keys, or set on_invalid: warn to start without them (docs/martin.md)");
    }
    config.warnings.addAll(0, config.unsupported.stream().map(u -> u + "; ignored (on_invalid: warn)").toList());
    return new Translation(config.out, List.copyOf(config.warnings));
  }

  private void read(MartinNode root) {
    // Martin's files configure no schema of ours: never migrate (or write to) the database they name.
    section("schema").put("migrate-on-start", false);
    // Martin serves what its file names, nothing of ours beside it.
    section("styles").put("builtin-basemap", false);
    listen(root);
    Integer keepAlive = root.integer("keep_alive");
    if (keepAlive != null) {
      section("limits").put("idle-timeout-seconds", keepAlive);
    }
    String basePath = root.string("base_path");
    if (basePath != null && !basePath.equals("/")) {
      section("server").put("base-path", basePath);
    }
    if (root.has("route_prefix")) {
      unsupported(root.key("route_prefix"), "serving every route under a prefix is not supported; have the proxy"
          + " strip the prefix and set base_path to it");
    }
    if (root.has("worker_processes")) {
      note(root.key("worker_processes"), "event loops are sized by the CPU count (limits.* tunes the workers)");
    }
    cache(root);
    cors(root);
    preferredEncoding(root);
    accepted(root, "web_ui", "the server's own viewer is at /");
    accepted(root, "tilejson_url_version_param", "TileJSON tile URLs always carry ?v=<data version>");
    accepted(root, "convert_to_mlt", "tiles are served as MVT only");
    accepted(root, "convert_to_mvt", "tiles are served as MVT only");
    observability(root);
    postgres(root);
    new MartinFiles(this).read(root);
    for (String key : root.unread()) {
      warnings.add("unknown Martin config key `" + key + "`; ignored");
    }
  }

  private void listen(MartinNode root) {
    String listen = root.string("listen_addresses");
    if (listen == null) {
      return;
    }
    int colon = listen.lastIndexOf(':');
    String host = colon < 0 ? listen : listen.substring(0, colon);
    String port = colon < 0 ? "3000" : listen.substring(colon + 1);
    if (!port.matches("\\d{1,5}")) {
      throw root.bad("listen_addresses", "must be host:port, like 0.0.0.0:3000", listen);
    }
    host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Map<String, Object> server = section("server");
    server.put("host", host.isEmpty() ? "0.0.0.0" : host);
    server.put("port", Integer.parseInt(port));
  }

  /** Martin splits cache_size_mb among tiles (half), PMTiles directories, fonts and sprites; ours is the tiles' half. */
  private void cache(MartinNode root) {
    Integer total = root.integer("cache_size_mb");
    Integer tiles = root.integer("tile_cache_size_mb");
    Object cache = root.raw("cache");
    Map<String, Object> ours = section("cache");
    if ("disable".equals(cache)) {
      ours.put("max-size-mb", 0);
      return;
    }
    if (cache instanceof Map) {
      MartinNode node = root.node("cache");
      total = orElse(node.integer("size_mb"), total);
      tiles = orElse(node.integer("tile_size_mb"), tiles);
      String expiryKey = node.has("tile_expiry") ? "tile_expiry" : "expiry";
      String expiry = node.string(expiryKey);
      node.raw("tile_expiry");
      node.raw("expiry");
      if (expiry != null) {
        ours.put("ttl-seconds", seconds(node.key(expiryKey), expiry));
      }
      for (String idle : List.of("idle_timeout", "tile_idle_timeout")) {
        if (node.has(idle)) {
          unsupported(node.key(idle), "tiles leave the cache by size and expiry, not by idle time");
        }
      }
      copy(node, "minzoom", ours, "minzoom");
      copy(node, "maxzoom", ours, "maxzoom");
      warnUnread(node);
    } else if (cache != null) {
      throw root.bad("cache", "must be disable or a mapping", cache);
    }
    if (tiles != null) {
      ours.put("max-size-mb", tiles);
    } else if (total != null) {
      ours.put("max-size-mb", total / 2);
    }
  }

  private void cors(MartinNode root) {
    Object cors = root.raw("cors");
    if (cors == null || Boolean.TRUE.equals(cors)) {
      return;
    }
    if (Boolean.FALSE.equals(cors)) {
      section("server").put("cors-origins", List.of());
      return;
    }
    MartinNode node = root.node("cors");
    List<String> origins = node.strings("origin");
    if (!origins.isEmpty()) {
      section("server").put("cors-origins", origins);
    }
    if (node.has("max_age")) {
      note(node.key("max_age"), "preflight answers are cacheable for 86400 s");
    }
    warnUnread(node);
  }

  private void preferredEncoding(MartinNode root) {
    String encoding = root.string("preferred_encoding");
    if (encoding == null) {
      return;
    }
    String ours = switch (encoding.toLowerCase(Locale.ROOT)) {
      case "gzip" -> "gzip";
      case "br", "brotli" -> "br";
      default -> throw root.bad("preferred_encoding", "must be gzip or brotli", encoding);
    };
    section("server").put("preferred-encoding", ours);
  }

  private void observability(MartinNode root) {
    MartinNode observability = root.node("observability");
    if (observability == null) {
      return;
    }
    MartinNode metrics = observability.node("metrics");
    if (metrics != null && metrics.raw("add_labels") instanceof Map<?, ?> labels && !labels.isEmpty()) {
      unsupported(metrics.key("add_labels"), "metrics carry no extra labels; add them in the Prometheus scrape config");
    }
    if (metrics != null) {
      warnUnread(metrics);
    }
    warnUnread(observability);
  }

  /** One connection is our database; more are {@code database.others} named {@code pg2}, {@code pg3}, … */
  private void postgres(MartinNode root) {
    Object postgres = root.raw("postgres");
    if (postgres == null) {
      return;
    }
    if (!(postgres instanceof List<?> list)) {
      new MartinPostgres(this).read(root.node("postgres"), section("database"), null);
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        throw root.bad("postgres", "must be a mapping or a list of mappings", postgres);
      }
      MartinNode node = new MartinNode("postgres[" + i + "]", entry);
      if (i == 0) {
        new MartinPostgres(this).read(node, section("database"), null);
      } else {
        String name = "pg" + (i + 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> others = (Map<String, Object>) section("database")
            .computeIfAbsent("others", k -> new LinkedHashMap<String, Object>());
        Map<String, Object> database = new LinkedHashMap<>();
        others.put(name, database);
        new MartinPostgres(this).read(node, database, name);
      }
    }
  }

  /** The section of our config named {@code name}, made when first asked for. */
  @SuppressWarnings("unchecked")
  Map<String, Object> section(String name) {
    return (Map<String, Object>) out.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
  }

  /** Our source {@code id}; an id Martin would give twice gets {@code .1}, {@code .2}, as Martin does. */
  Map<String, Object> newSource(String id) {
    Map<String, Object> sources = section("sources");
    String unique = id;
    for (int i = 1; sources.containsKey(unique); i++) {
      unique = id + "." + i;
    }
    Map<String, Object> source = new LinkedHashMap<>();
    sources.put(unique, source);
    return source;
  }

  void unsupported(String key, String why) {
    unsupported.add("`" + key + "`: " + why);
  }

  void note(String key, String why) {
    warnings.add("Martin config key `" + key + "` changes nothing here: " + why);
  }

  void warnUnread(MartinNode node) {
    for (String key : node.unread()) {
      warnings.add("unknown Martin config key `" + key + "`; ignored");
    }
  }

  /** A key whose value only matters to Martin: noted unless it is absent or off. */
  private void accepted(MartinNode root, String key, String why) {
    Object value = root.raw(key);
    if (value != null && !List.of("disable", "disabled", "off", "false", "no").contains(value.toString())) {
      note(root.key(key), why);
    }
  }

  static void copy(MartinNode from, String key, Map<String, Object> to, String ourKey) {
    Object value = from.raw(key);
    if (value != null) {
      to.put(ourKey, value);
    }
  }

  static <T> T orElse(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /** Martin's human-readable durations ({@code 1h}, {@code 30m}, {@code 1d 2h}, {@code 3600s}, or a bare number of seconds). */
  static int seconds(String key, String duration) {
    String text = duration.trim().toLowerCase(Locale.ROOT);
    if (text.matches("\\d+")) {
      return Integer.parseInt(text);
    }
    Matcher m = DURATION.matcher(text);
    long total = 0;
    int end = 0;
    while (m.find()) {
      if (!text.substring(end, m.start()).isBlank()) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total += switch (m.group(2).charAt(0)) {
        case 'd' -> n * 86_400;
        case 'h' -> n * 3_600;
        case 'm' -> n * 60;
        default -> n;
      };
      end = m.end();
    }
    if (end == 0 || end != text.length() || total > Integer.MAX_VALUE) {
      throw new ConfigException("Martin config key `" + key + "`: " + duration
          + " is not a duration like 30s, 15m, 1h or 1d");
    }
    return (int) total;
  }

  /** The files at {@code paths}: each file as it is, each directory's files ending in {@code extension}, sorted. */
  static List<Path> files(List<String> paths, String extension, String key) {
    List<Path> files = new ArrayList<>();
    for (String path : paths) {
      Path file = Path.of(path);
      if (Files.isDirectory(file)) {
        try (Stream<Path> listed = Files.list(file)) {
          listed.filter(f -> f.getFileName().toString().endsWith(extension) && Files.isRegularFile(f)).sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new ConfigException("Martin config key `" + key + "`: cannot list " + path + ": " + e.getMessage());
        }
      } else {
        files.add(file);
      }
    }
    return files;
  }
}
