package io.tileserver.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test data the repository carries ({@code data/}, see the README there) or its build installs from
 * npm ({@code target/test-npm}); data that is missing fails the test, never skips it.
 */
public final class TestData {
  private TestData() {}

  /** A file of the repository's {@code data/} folder. */
  public static Path file(String name) {
    return existing(TestServices.projectRoot().resolve("data").resolve(name),
        "it is part of the repository (data/README.md says where it comes from)");
  }

  /** The fixtures of the npm package {@code @mapbox/mvt-fixtures}, one folder per fixture. */
  public static Path mvtFixtures() {
    return existing(
        TestServices.projectRoot().resolve("tile-server/target/test-npm/node_modules/@mapbox/mvt-fixtures/fixtures"),
        "the build installs it from npm before the tests (profile test-npm in tile-server/pom.xml;"
            + " run `mvn test-compile` once when running tests from an IDE)");
  }

  private static Path existing(Path path, String why) {
    if (!Files.exists(path)) {
      throw new IllegalStateException("test data " + path + " is missing: " + why);
    }
    return path;
  }
}
