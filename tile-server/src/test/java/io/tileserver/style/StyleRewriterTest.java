package io.tileserver.style;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StyleRewriterTest {
  private static final JsonObject STYLE = new JsonObject("""
      {"version": 8,
       "glyphs": "tileserver://fonts/{fontstack}/{range}.pbf",
       "sprite": "tileserver://sprites/listings",
       "sources": {
         "listings": {"type": "vector", "url": "tileserver://tiles/listings.json"},
         "properties": {"type": "vector", "url": "tileserver://tiles/properties.json"},
         "both": {"type": "vector", "url": "tileserver://tiles/properties,zip_areas.json"},
         "elsewhere": {"type": "vector", "url": "https://other.example/tiles.json"}},
       "layers": [
         {"id": "clusters", "type": "circle", "source": "listings", "source-layer": "listings"},
         {"id": "property-dot", "type": "circle", "source": "properties", "source-layer": "properties",
          "metadata": {"tileserver:fallback-for": "listings"}},
         {"id": "zip", "type": "line", "source": "both", "source-layer": "zip_areas"},
         {"id": "other", "type": "line", "source": "elsewhere", "source-layer": "roads"}]}
      """);

  @Test
  void urlsPointAtThePublicUrlAndTileJson() {
    JsonObject style = StyleRewriter.rewrite(STYLE, "https://maps.example", id -> true, null);
    assertThat(style.getString("glyphs")).isEqualTo("https://maps.example/fonts/{fontstack}/{range}.pbf");
    assertThat(style.getString("sprite")).isEqualTo("https://maps.example/sprites/listings");
    JsonObject sources = style.getJsonObject("sources");
    assertThat(sources.getJsonObject("listings").getString("url")).isEqualTo("https://maps.example/tiles/listings.json");
    assertThat(sources.getJsonObject("both").getString("url"))
        .isEqualTo("https://maps.example/tiles/properties,zip_areas.json");
    assertThat(sources.getJsonObject("elsewhere").getString("url")).isEqualTo("https://other.example/tiles.json");
    assertThat(style.containsKey("metadata")).isFalse();
  }

  @Test
  void fallbackLayersGiveWayToTheSourceTheyStandInForAndTakeTheirUnusedSourceAlong() {
    JsonObject style = StyleRewriter.rewrite(STYLE, "http://x", id -> true, null);
    assertThat(ids(style.getJsonArray("layers"))).containsExactly("clusters", "zip", "other");
    assertThat(style.getJsonObject("sources").fieldNames()).containsExactlyInAnyOrder("listings", "both", "elsewhere");
  }

  @Test
  void aSourceKeepsItsPlaceWhileAnyOfItsLayersIsNotAFallback() {
    JsonObject packaged = STYLE.copy();
    packaged.getJsonArray("layers").add(new JsonObject()
        .put("id", "property-heat").put("type", "heatmap").put("source", "properties").put("source-layer", "properties"));
    JsonObject style = StyleRewriter.rewrite(packaged, "http://x", id -> true, null);
    assertThat(ids(style.getJsonArray("layers"))).containsExactly("clusters", "zip", "other", "property-heat");
    assertThat(style.getJsonObject("sources").fieldNames()).contains("properties");
  }

  @Test
  void unpublishedSourcesAreDroppedWithTheirLayersAndFallbacksStay() {
    JsonObject style = StyleRewriter.rewrite(STYLE, "http://x", Set.of("properties")::contains, null);
    assertThat(style.getJsonObject("sources").fieldNames()).containsExactlyInAnyOrder("properties", "elsewhere");
    assertThat(ids(style.getJsonArray("layers"))).containsExactly("property-dot", "other");
  }

  @Test
  void theBasemapIsNotedForTheViewerAndThePackagedStyleIsUntouched() {
    String before = STYLE.encode();
    JsonObject style = StyleRewriter.rewrite(STYLE, "http://x", id -> false, "https://basemap.example/style.json");
    assertThat(style.getJsonObject("metadata").getString("tileserver:basemap")).isEqualTo("https://basemap.example/style.json");
    assertThat(STYLE.encode()).isEqualTo(before);
  }

  private static Iterable<String> ids(JsonArray layers) {
    return layers.stream().map(l -> ((JsonObject) l).getString("id")).toList();
  }

  @Test
  void anUnpublishedSourceWithARoleIsPointedAtAPublishedSourceOfThatRoleAndItsLayersReadThatLayer() {
    JsonObject packaged = STYLE.copy().put("metadata", new JsonObject().put(StyleRewriter.STAND_INS,
        new JsonObject().put("listings", "cluster")));
    PublishedSources published = new PublishedSources() {
      @Override
      public boolean isPublished(String id) {
        return id.equals("homes") || id.equals("properties");
      }

      @Override
      public Optional<StandIn> standIn(String role, Set<String> taken) {
        return role.equals("cluster") && !taken.contains("homes") ? Optional.of(new StandIn("homes", "homes_layer"))
            : Optional.empty();
      }
    };
    JsonObject style = StyleRewriter.rewrite(packaged, "http://x", published, null);
    assertThat(style.getJsonObject("sources").getJsonObject("listings").getString("url"))
        .isEqualTo("http://x/tiles/homes.json");
    JsonArray layers = style.getJsonArray("layers");
    assertThat(layers.stream().map(l -> ((JsonObject) l).getString("id"))).contains("clusters")
        .doesNotContain("property-dot");
    assertThat(layers.getJsonObject(0).getString("source-layer")).isEqualTo("homes_layer");
    assertThat(StyleRewriter.rewrite(packaged, "http://x", id -> id.equals("properties"), null)
        .getJsonObject("sources").containsKey("listings")).as("no stand-in: dropped as before").isFalse();
  }
}
