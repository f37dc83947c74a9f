package io.tileserver.bench.soak;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} command-line arguments, every one required. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] argv) {
    for (String arg : argv) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
      }
      values.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
  }

  String text(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing argument " + key + "=…");
    }
    return value;
  }

  int integer(String key) {
    return Integer.parseInt(text(key));
  }
}
