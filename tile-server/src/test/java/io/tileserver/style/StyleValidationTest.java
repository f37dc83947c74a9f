package io.tileserver.style;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.testing.NodeTools;
import io.tileserver.testing.TestServices;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every style under {@code styles/} passes MapLibre's own validator, {@code gl-style-validate} from
 * {@code @maplibre/maplibre-gl-style-spec}: as packaged, and as served (all sources published,
 * none published, with a basemap noted), so rewriting can never produce an invalid style.
 */
class StyleValidationTest {
  @Test
  void everyPackagedAndServedStyleValidates() throws Exception {
    Path tools = NodeTools.install();
    Path out = Files.createDirectories(tools.resolve("styles-under-test"));
    List<Path> styles;
    try (Stream<Path> files = Files.list(TestServices.projectRoot().resolve("styles"))) {
      styles = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(styles).extracting(p -> p.getFileName().toString()).contains("listings.json");

    List<String> command = new ArrayList<>(List.of("node", "node_modules/@maplibre/maplibre-gl-style-spec/dist/gl-style-validate.mjs"));
    for (Path style : styles) {
      String name = style.getFileName().toString().replace(".json", "");
      JsonObject packaged = new JsonObject(Files.readString(style));
      command.add(style.toString());
      command.add(write(out, name + "-all", StyleRewriter.rewrite(packaged, "http://tiles.example", id -> true, null)));
      command.add(write(out, name + "-none", StyleRewriter.rewrite(packaged, "http://tiles.example", id -> false, null)));
      command.add(write(out, name + "-today", StyleRewriter.rewrite(packaged, "https://tiles.example:8443",
          Set.of("properties", "zip_areas")::contains, "https://basemap.example/style.json")));
    }
    NodeTools.Result result = NodeTools.runAllowingFailure(command, 120);
    assertThat(result.stdout() + result.stderr()).as("gl-style-validate output").isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void theValidatorRejectsABrokenStyle() throws Exception {
    Path tools = NodeTools.install();
    Path broken = tools.resolve("styles-under-test/broken.json");
    Files.createDirectories(broken.getParent());
    Files.writeString(broken, "{\"version\": 8, \"sources\": {}, \"layers\": [{\"id\": \"x\", \"type\": \"circle\"}]}");
    NodeTools.Result result = NodeTools.runAllowingFailure(List.of("node",
        "node_modules/@maplibre/maplibre-gl-style-spec/dist/gl-style-validate.mjs", broken.toString()), 60);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stdout() + result.stderr()).contains("missing required property \"source\"");
  }

  private static String write(Path folder, String name, JsonObject style) throws Exception {
    Path file = folder.resolve(name + ".json");
    Files.writeString(file, style.encodePrettily());
    return file.toString();
  }
}
