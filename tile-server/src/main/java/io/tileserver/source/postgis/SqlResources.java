package io.tileserver.source.postgis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the static SQL this package runs from {@code .sql} files beside its classes. */
final class SqlResources {
  private SqlResources() {}

  static String load(String name) {
    try (InputStream in = SqlResources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("SQL resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SQL resource " + name, e);
    }
  }
}
