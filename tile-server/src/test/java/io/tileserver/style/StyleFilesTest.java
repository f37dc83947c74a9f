package io.tileserver.style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.ConfigException;
import io.tileserver.config.StylesConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Style files of the {@code styles} section beside the packaged styles, as Martin's "Style Sources":
 * a file is a style named after it, a directory's {@code .json} files (searched recursively) each
 * one, {@code sources} names a file; anything that cannot be served stops the start naming it.
 */
class StyleFilesTest {
  static final String STYLE = """
      {"version": 8, "name": "Mine", "sources": {}, "layers": [{"id": "bg", "type": "background"}]}
      """;

  @TempDir
  Path dir;

  private static StyleCatalog load(List<String> paths, Map<String, String> sources) {
    return StyleCatalog.load(new StylesConfig(null, null, null, paths, sources));
  }

  @Test
  void configuredFilesAreStylesBesideThePackagedOnes() throws IOException {
    Path styles = Files.createDirectories(dir.resolve("styles/nested"));
    Files.writeString(dir.resolve("styles/Mine.json"), STYLE);
    Files.writeString(styles.resolve("deep_one.json"), STYLE.replace("Mine", "Deep"));
    Files.writeString(dir.resolve("styles/notes.txt"), "not a style");
    Path single = Files.writeString(dir.resolve("single.json"), STYLE.replace("Mine", "Single"));
    Path named = Files.writeString(dir.resolve("whatever.json"), STYLE.replace("Mine", "Named"));

    StyleCatalog catalog = load(List.of(dir.resolve("styles").toString(), single.toString()),
        Map.of("by-name", named.toString()));
    assertThat(catalog.names()).contains("listings", "Mine", "deep_one", "single", "by-name")
        .doesNotContain("notes", "whatever");
    assertThat(catalog.find("Mine")).hasValue(new JsonObject(STYLE));
    assertThat(catalog.find("deep_one").orElseThrow().getString("name")).isEqualTo("Deep");
    assertThat(catalog.find("by-name").orElseThrow().getString("name")).isEqualTo("Named");
  }

  @Test
  void aFileThatIsNotJsonStopsTheStartNamingIt() throws IOException {
    Path bad = Files.writeString(dir.resolve("broken.json"), "{\"version\": 8, \"layers\": [");
    assertThatThrownBy(() -> load(List.of(dir.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("styles.paths[0]").hasMessageContaining(bad.toString())
        .hasMessageContaining("is not a JSON object");
  }

  @Test
  void aMissingFileOrATakenNameStopsTheStart() throws IOException {
    Path missing = dir.resolve("gone.json");
    assertThatThrownBy(() -> load(List.of(), Map.of("gone", missing.toString())))
        .hasMessageContaining("styles.sources.gone").hasMessageContaining(missing + " does not exist");
    assertThatThrownBy(() -> load(List.of(missing.toString()), Map.of()))
        .hasMessageContaining("styles.paths[0]").hasMessageContaining(missing + " does not exist");
    Path listings = Files.writeString(dir.resolve("listings.json"), STYLE);
    assertThatThrownBy(() -> load(List.of(listings.toString()), Map.of()))
        .hasMessageContaining("\"listings\"").hasMessageContaining("taken by a packaged style");
  }
}
