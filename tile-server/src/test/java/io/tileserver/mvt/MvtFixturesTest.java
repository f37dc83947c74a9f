package io.tileserver.mvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileserver.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Mapbox {@code mvt-fixtures} corpus (npm {@code @mapbox/mvt-fixtures}, installed by the build,
 * see {@link TestData#mvtFixtures}): every fixture valid under spec 2 decodes to what its
 * {@code tile.json} says, and re-encoded by our encoder decodes to the same features; every invalid
 * one makes the decoder throw {@link InvalidTileException}, promptly.
 */
class MvtFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Fixtures flagged valid that the decoder rejects, because the corpus contradicts itself on them.
   * 016 is byte-for-byte the same tile as 003 (a feature without a {@code type} field), which is
   * flagged invalid; §4.2 says a feature MUST contain a type, and 016's own description lets
   * decoders throw. 057 has the geometry of 051 (a MoveTo with a count of 536,870,911 followed by
   * one pair), which is flagged invalid; §4.3.3.1 says a MoveTo of count n MUST be followed by n
   * pairs.
   */
  private static final Set<String> REJECTED_DESPITE_VALID_FLAG = Set.of("016", "057");

  /** Guards against a decoder that loops on hostile counts; generous, so never a timing test. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  private static List<Path> fixtures() {
    try (Stream<Path> dirs = Files.list(TestData.mvtFixtures())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("tile.mvt"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean validUnderVersion2(Path fixture) {
    String name = fixture.getFileName().toString();
    return json(fixture.resolve("info.json")).path("validity").path("v2").asBoolean()
        && !REJECTED_DESPITE_VALID_FLAG.contains(name);
  }

  @Test
  void corpusIsCompleteWithValidAndInvalidFixtures() {
    List<Path> all = fixtures();
    assertThat(all).hasSize(74);
    assertThat(all.stream().filter(MvtFixturesTest::validUnderVersion2)).hasSize(44);
  }

  @TestFactory
  Stream<DynamicTest> validFixtureDecodesAsItsJsonSaysAndSurvivesReencoding() {
    return fixtures().stream()
        .filter(MvtFixturesTest::validUnderVersion2)
        .map(fixture -> DynamicTest.dynamicTest(describe(fixture), () -> {
          DecodedTile decoded = new MvtDecoder().decode(bytes(fixture.resolve("tile.mvt")));
          assertMatchesJson(decoded, json(fixture.resolve("tile.json")));

          byte[] reencoded = DecodedTiles.reencode(decoded);
          assertThat(new MvtDecoder().decode(reencoded))
              .isEqualTo(DecodedTiles.encodable(decoded));
        }));
  }

  @TestFactory
  Stream<DynamicTest> invalidFixtureMakesTheDecoderThrowWithoutHanging() {
    return fixtures().stream()
        .filter(fixture -> !validUnderVersion2(fixture))
        .map(fixture -> DynamicTest.dynamicTest(describe(fixture), () -> {
          byte[] tile = bytes(fixture.resolve("tile.mvt"));
          assertTimeoutPreemptively(HANG_GUARD, () ->
              assertThatThrownBy(() -> new MvtDecoder().decode(tile))
                  .isInstanceOf(InvalidTileException.class));
        }));
  }

  private static String describe(Path fixture) {
    String description = json(fixture.resolve("info.json")).path("description").asText();
    String firstLine = description.lines().findFirst().orElse("");
    return fixture.getFileName() + ": " + (firstLine.length() > 90
        ? firstLine.substring(0, 90) + "…" : firstLine);
  }

  /** Compares our decoding with the fixture's own JSON view of the raw protobuf. */
  private static void assertMatchesJson(DecodedTile decoded, JsonNode expected) {
    JsonNode layers = expected.path("layers");
    assertThat(decoded.layers()).hasSize(layers.size());
    for (int l = 0; l < layers.size(); l++) {
      JsonNode layer = layers.get(l);
      DecodedTile.Layer actual = decoded.layers().get(l);
      assertThat(actual.name()).isEqualTo(layer.path("name").asText());
      assertThat(actual.version()).isEqualTo(layer.path("version").asInt());
      assertThat(actual.extent()).isEqualTo(layer.path("extent").asInt(4096));
      JsonNode features = layer.path("features");
      assertThat(actual.features()).hasSize(features.size());
      for (int f = 0; f < features.size(); f++) {
        JsonNode feature = features.get(f);
        DecodedTile.Feature got = actual.features().get(f);
        if (feature.has("id")) {
          assertThat(got.id()).hasValue(feature.path("id").asLong());
        } else {
          assertThat(got.id()).isEmpty();
        }
        assertThat(got.type()).isEqualTo(feature.path("type").asInt());
        assertThat(got.commands()).containsExactly(toInts(feature.path("geometry")));
        assertThat(got.attributes()).isEqualTo(attributes(feature.path("tags"), layer));
      }
    }
  }

  private static int[] toInts(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (int) array.get(i).asLong();
    }
    return values;
  }

  private static Map<String, Object> attributes(JsonNode tags, JsonNode layer) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i + 1 < tags.size(); i += 2) {
      String key = layer.path("keys").get(tags.get(i).asInt()).asText();
      JsonNode value = layer.path("values").get(tags.get(i + 1).asInt());
      String type = value.fieldNames().next();
      JsonNode v = value.get(type);
      attributes.put(key, switch (type) {
        case "string_value" -> v.asText();
        case "float_value" -> (float) v.asDouble();
        case "double_value" -> v.asDouble();
        case "int_value", "uint_value", "sint_value" -> v.asLong();
        case "bool_value" -> v.asBoolean();
        default -> throw new AssertionError("unexpected value type " + type);
      });
    }
    return attributes;
  }
}
