package io.tileserver.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config text with environment values. */
public final class EnvSubstitution {
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, String> env;

  public EnvSubstitution(Function<String, String> env) {
    this.env = env;
  }

  public static EnvSubstitution fromSystem() {
    Map<String, String> vars = System.getenv();
    return new EnvSubstitution(vars::get);
  }

  /** Substitutes every reference; an unset variable without a default is an error naming its line. */
  public String apply(String text) {
    StringBuilder out = new StringBuilder(text.length());
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append(substituteLine(lines[i], i + 1));
    }
    return out.toString();
  }

  private String substituteLine(String line, int lineNumber) {
    if (line.stripLeading().startsWith("#")) {
      return line;
    }
    Matcher m = REFERENCE.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null || (value.isEmpty() && m.group(2) != null)) {
        value = m.group(2);
      }
      if (value == null) {
        throw new ConfigException(
            "config line " + lineNumber + ": ${" + m.group(1) + "} is not set; export it or write ${"
                + m.group(1) + ":-default}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
