package io.tileserver.config.martin;

import io.tileserver.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One mapping of a Martin config file, read key by key: typed getters that name the dotted key in
 * every error, and a record of the keys read, so whatever was never read is reported as unknown.
 */
final class MartinNode {
  private final String path;
  private final Map<?, ?> map;
  private final Set<String> read = new LinkedHashSet<>();

  MartinNode(String path, Map<?, ?> map) {
    this.path = path;
    this.map = map;
  }

  /** The node at {@code key} when it is a mapping; null when absent or null. */
  MartinNode node(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?> child)) {
      throw bad(key, "must be a mapping of keys", value);
    }
    return new MartinNode(key(key), child);
  }

  /** The value at {@code key} as written (a scalar, list or mapping), or null. */
  Object raw(String key) {
    read.add(key);
    return map.get(key);
  }

  boolean has(String key) {
    return map.containsKey(key) && map.get(key) != null;
  }

  String string(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map || value instanceof List) {
      throw bad(key, "must be a single value", value);
    }
    return value.toString();
  }

  Integer integer(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer number) {
      return number;
    }
    throw bad(key, "must be an integer", value);
  }

  Boolean bool(String key) {
    Object value = raw(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw bad(key, "must be true or false", value);
  }

  /** A list of strings, where Martin also takes a single string for a list of one. */
  List<String> strings(String key) {
    Object value = raw(key);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object item : list) {
        if (item == null || item instanceof Map || item instanceof List) {
          throw bad(key, "must be a list of strings", value);
        }
        out.add(item.toString());
      }
      return out;
    }
    if (value instanceof Map) {
      throw bad(key, "must be a string or a list of strings", value);
    }
    return List.of(value.toString());
  }

  /** The entries of a mapping of named entries ({@code tables:}, {@code sources:}), in file order. */
  Map<String, Object> entries(String key) {
    Object value = raw(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> entries)) {
      throw bad(key, "must be a mapping of names to entries", value);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    entries.forEach((name, entry) -> out.put(String.valueOf(name), entry));
    return out;
  }

  /** The dotted path of {@code key} under this node. */
  String key(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The dotted paths of the keys present and never read. */
  List<String> unread() {
    List<String> out = new ArrayList<>();
    for (Object key : map.keySet()) {
      if (!read.contains(String.valueOf(key))) {
        out.add(key(String.valueOf(key)));
      }
    }
    return out;
  }

  ConfigException bad(String key, String requirement, Object value) {
    return new ConfigException("Martin config key `" + key(key) + "` " + requirement + ", was " + value);
  }
}
