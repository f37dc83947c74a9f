package io.tileserver.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm tools of the browser, style and archive tests ({@code src/test/browser}: playwright-core,
 * the MapLibre style validator and the reference PMTiles reader), installed with {@code npm ci} into {@code target/browser-tools} on
 * first use, so a clean clone needs only node and npm. Fails with what to install when they are
 * missing.
 */
public final class NodeTools {
  private static final Path SOURCES = Path.of("src/test/browser");
  public static final Path WORK = Path.of("target/browser-tools").toAbsolutePath();

  private NodeTools() {}

  /** Copies the package and scripts into {@link #WORK} and installs the packages unless present. */
  public static synchronized Path install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    require("node");
    try (var files = Files.list(SOURCES)) {
      for (Path file : files.toList()) {
        Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (!Files.isDirectory(WORK.resolve("node_modules/playwright-core"))
        || !Files.isDirectory(WORK.resolve("node_modules/@maplibre/maplibre-gl-style-spec"))
        || !Files.isDirectory(WORK.resolve("node_modules/pmtiles"))) {
      require("npm");
      run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
    }
    return WORK;
  }

  /** Runs a command in {@link #WORK}; fails the test on a non-zero exit, showing stdout and stderr. */
  public static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Result result = runAllowingFailure(command, timeoutSeconds);
    if (result.exitCode() != 0) {
      fail(String.join(" ", command) + " failed with exit code " + result.exitCode() + ":\n" + result.stdout()
          + "\n" + result.stderr());
    }
    return result.stdout();
  }

  /** What a command printed and how it exited. */
  public record Result(int exitCode, String stdout, String stderr) {}

  public static Result runAllowingFailure(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("node-tools", ".out");
    Path stderr = Files.createTempFile("node-tools", ".err");
    try {
      Process process = new ProcessBuilder(new ArrayList<>(command)).directory(WORK.toFile())
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(stderr));
      }
      return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
          Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static void require(String tool) throws InterruptedException {
    try {
      runAllowingFailure(List.of(tool, "--version"), 30);
    } catch (IOException e) {
      fail(tool + " is needed by the style and browser tests but could not be run (" + e.getMessage()
          + "); install Node.js 18+ and npm (Debian: apt-get install nodejs npm)");
    }
  }
}
