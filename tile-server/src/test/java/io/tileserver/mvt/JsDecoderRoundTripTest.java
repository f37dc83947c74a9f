package io.tileserver.mvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Our tiles read by the JavaScript reference decoder, {@code @mapbox/vector-tile} (what MapLibre
 * GL JS's parser descends from), run by the machine's {@code node}: same layers, ids, types,
 * properties and geometry as our decoder reads. The npm packages are installed with {@code npm ci}
 * from {@code src/test/js/package-lock.json} into {@code target/js-decoder} on first use, so a
 * clean clone needs only node and npm.
 */
class JsDecoderRoundTripTest {
  private static final Path SOURCES = Path.of("src/test/js");
  private static final Path WORK = Path.of("target/js-decoder");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void javascriptReferenceDecoderReadsOurTilesAsWeDo() throws Exception {
    installDecoder();
    Path tile = WORK.resolve("sample.mvt");
    byte[] bytes = ReferenceDecoderRoundTripTest.sampleTile(new ArrayList<>());
    Files.write(tile, bytes);

    JsonNode decoded = JSON.readTree(run(List.of("node", "decode.mjs", "sample.mvt"), 60))
        .path("sample.mvt");
    DecodedTile ours = new MvtDecoder().decode(bytes);

    assertThat(decoded.size()).isEqualTo(ours.layers().size());
    for (DecodedTile.Layer layer : ours.layers()) {
      JsonNode js = decoded.path(layer.name());
      assertThat(js.path("version").asInt()).isEqualTo(2);
      assertThat(js.path("extent").asInt()).isEqualTo(layer.extent());
      assertThat(js.path("features").size()).isEqualTo(layer.features().size());
      for (int i = 0; i < layer.features().size(); i++) {
        DecodedTile.Feature feature = layer.features().get(i);
        JsonNode jsFeature = js.path("features").get(i);
        String where = layer.name() + " feature " + i;
        assertThat(jsFeature.path("id").isNull() ? null : jsFeature.path("id").asLong())
            .as(where).isEqualTo(feature.id().isPresent() ? feature.id().getAsLong() : null);
        assertThat(jsFeature.path("type").asInt()).as(where).isEqualTo(feature.type());
        assertThat(JSON.writeValueAsString(jsFeature.path("geometry")))
            .as(where).isEqualTo(JSON.writeValueAsString(parts(feature.geometry())));
        assertProperties(jsFeature.path("properties"), feature.attributes(), where);
      }
    }
  }

  private static void assertProperties(JsonNode js, Map<String, Object> ours, String where) {
    assertThat(js.size()).as(where).isEqualTo(ours.size());
    for (Iterator<String> keys = js.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      JsonNode value = js.get(key);
      Object expected = ours.get(key);
      switch (expected) {
        case String s -> assertThat(value.asText()).as(where + " " + key).isEqualTo(s);
        case Boolean b -> assertThat(value.asBoolean()).as(where + " " + key).isEqualTo(b);
        case Long l -> assertThat(value.asLong()).as(where + " " + key).isEqualTo(l);
        // JavaScript numbers are doubles: a float_value arrives widened, exactly.
        case Float f -> assertThat(value.asDouble()).as(where + " " + key).isEqualTo((double) f);
        case Double d -> assertThat(value.asDouble()).as(where + " " + key).isEqualTo(d);
        default -> fail(where + ": unexpected attribute " + key + "=" + expected);
      }
    }
  }

  /** Our geometry in the shape of {@code loadGeometry()}: parts of [x, y], rings closed. */
  private static List<List<int[]>> parts(Geometry geometry) {
    List<List<int[]>> parts = new ArrayList<>();
    for (int i = 0; i < geometry.getNumGeometries(); i++) {
      Geometry part = geometry.getGeometryN(i);
      switch (part) {
        case Point p -> parts.add(List.of(xy(p.getCoordinateSequence(), 0)));
        case LineString l -> parts.add(coordinates(l));
        case Polygon p -> {
          parts.add(coordinates(p.getExteriorRing()));
          for (int h = 0; h < p.getNumInteriorRing(); h++) {
            parts.add(coordinates(p.getInteriorRingN(h)));
          }
        }
        default -> fail("unexpected part " + part);
      }
    }
    return parts;
  }

  private static List<int[]> coordinates(LineString line) {
    List<int[]> points = new ArrayList<>();
    for (int i = 0; i < line.getNumPoints(); i++) {
      points.add(xy(line.getCoordinateSequence(), i));
    }
    return points;
  }

  private static int[] xy(CoordinateSequence seq, int i) {
    return new int[] {(int) seq.getX(i), (int) seq.getY(i)};
  }

  /** Copies the helper into target/ and runs {@code npm ci} there unless already installed. */
  private static void installDecoder() throws Exception {
    Files.createDirectories(WORK);
    requireTool("node");
    for (String file : List.of("package.json", "package-lock.json", "decode.mjs")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(WORK.resolve("node_modules/@mapbox/vector-tile"))) {
      requireTool("npm");
      run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
    }
  }

  private static void requireTool(String tool) {
    try {
      run(List.of(tool, "--version"), 30);
    } catch (Exception e) {
      fail(tool + " is needed to run the JavaScript reference decoder but could not be run ("
          + e.getMessage() + "); install Node.js 18+ and npm (Debian: apt-get install nodejs npm)");
    }
  }

  private static String run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path stderr = Files.createTempFile("js-decoder", ".err");
    Process process = new ProcessBuilder(command).directory(WORK.toFile())
        .redirectError(stderr.toFile()).start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
    }
    String errors = Files.readString(stderr);
    Files.delete(stderr);
    if (process.exitValue() != 0) {
      fail(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n"
          + errors);
    }
    return stdout;
  }
}
