package io.tileserver.source.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.app.DatabaseNeeds;
import io.tileserver.app.ServerApp;
import io.tileserver.config.ConfigException;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A file source that cannot be read stops the start with one line naming the file and the problem. */
class BadFilesTest {
  private static final Duration START = Duration.ofMinutes(1);
  private Path dir;

  @BeforeEach
  void dir() throws IOException {
    dir = Files.createTempDirectory("bad-files");
  }

  @AfterEach
  void clean() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  @Test
  void aMissingFileIsNamed() {
    assertThat(startFailure("kind: geojson", dir.resolve("gone.geojson")))
        .contains("sources.s.file", "gone.geojson", "does not exist");
  }

  @Test
  void malformedJsonSaysWhere() throws IOException {
    Path file = write("broken.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\",,}]}");
    assertThat(startFailure("", file)).contains("broken.geojson", "not valid JSON at line 2");
  }

  @Test
  void aFeatureCollectionWithABadRingNamesTheFeaturesLine() throws IOException {
    Path file = write("ring.geojson", """
        {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}}
        ]}""");
    assertThat(startFailure("", file)).contains("ring.geojson", "line 2", "at least 4 positions");
  }

  @Test
  void aCsvWithoutLongitudeAndLatitudeColumnsSaysWhichNamesItLooksFor() throws IOException {
    Path file = write("nowhere.csv", "id,price,x,y\n1,100,3,4\n");
    assertThat(startFailure("", file)).contains("nowhere.csv", "no longitude column", "lon, lng, long, longitude",
        "id, price, x, y");
  }

  @Test
  void aCsvRowWithAPositionThatIsNoNumberNamesItsLine() throws IOException {
    Path file = write("text.csv", "lon,lat\n1,2\nabc,3\n");
    assertThat(startFailure("kind: cluster", file)).contains("text.csv", "line 3", "\"abc\" is not a number");
  }

  @Test
  void anExtensionThatTellsNoKindAsksForOne() {
    assertThatThrownBy(() -> config("", dir.resolve("data.txt"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.s.kind").hasMessageContaining("data.txt");
  }

  @Test
  void aSourceThatReadsTheDatabaseWithNoDatabaseConfiguredIsNamed() {
    ServerConfig config = new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get)).parse("""
        sources:
          roads: {table: roads}
        """);
    assertThatThrownBy(() -> DatabaseNeeds.resolve(config, null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.roads is a table source").hasMessageContaining("DATABASE_URL");
  }

  @Test
  void filesAloneNeedNoDatabase() throws IOException {
    assertThat(DatabaseNeeds.resolve(config("", write("ok.csv", "lat,lon\n1,2\n")), null)).isNull();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static ServerConfig config(String kindLine, Path file) {
    return new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get)).parse("""
        server:
          port: 0
        styles:
          builtin-basemap: false
        sources:
          s:
            %s
            file: %s
        """.formatted(kindLine, file));
  }

  private static String startFailure(String kindLine, Path file) {
    var started = ServerApp.start(config(kindLine, file), null, 0).toCompletionStage().toCompletableFuture();
    try {
      started.get(START.toSeconds(), TimeUnit.SECONDS).close();
      throw new AssertionError("the server started over " + file);
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ConfigException.class);
      return e.getCause().getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
