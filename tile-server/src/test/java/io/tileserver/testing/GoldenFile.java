package io.tileserver.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checked-in expected output: compared by default, rewritten with {@code -Dgolden.update=true}. */
public final class GoldenFile {
  private GoldenFile() {}

  public static void assertMatches(Path golden, String actual) {
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual);
      }
      assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
      assertThat(actual).isEqualTo(Files.readString(golden));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
