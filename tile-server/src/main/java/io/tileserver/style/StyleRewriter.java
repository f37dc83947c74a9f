package io.tileserver.style;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a packaged style into the one a client gets. Packaged styles name this server with the
 * {@code tileserver://} prefix ({@code "url": "tileserver://tiles/listings.json"},
 * {@code "glyphs": "tileserver://fonts/{fontstack}/{range}.pbf"}); the prefix becomes the public URL
 * of the request. Sources point at TileJSON rather than tile templates, so whatever the TileJSON
 * says (filters, versioned URLs) reaches the client.
 *
 * <p>A style can outlive the sources of one deployment, so a source whose ids are not all published
 * is dropped with its layers. A layer whose {@code metadata} has {@code "tileserver:fallback-for":
 * "<source>"} is kept only when that source is absent: the listings style draws single listings from
 * the cluster source when there is one and from the plain listing table otherwise. A source whose
 * layers all gave way is dropped too, so clients do not fetch a TileJSON nothing draws from.
 *
 * <p>A style source named in the style's {@code "tileserver:stand-ins"} metadata ({@code {"listings":
 * "cluster"}}) that is not published here is first offered to a published source of that role not
 * otherwise in the style: it takes the source's place, and the layers drawing from it read its
 * layer. So {@code serve --data homes.csv} shows as the listings map, though its source is named
 * {@code homes}.
 */
public final class StyleRewriter {
  public static final String PREFIX = "tileserver://";
  static final String FALLBACK_FOR = "tileserver:fallback-for";
  static final String BASEMAP = "tileserver:basemap";
  static final String STAND_INS = "tileserver:stand-ins";
  private static final String TILEJSON_PATH = "tiles/";

  private StyleRewriter() {}

  /**
   * @param baseUrl this server's public URL, without a trailing slash
   * @param published the sources served here, and which may stand in for a style's own
   * @param basemapUrl recorded in the style's metadata for the viewer, or null
   */
  public static JsonObject rewrite(JsonObject packaged, String baseUrl, PublishedSources published, String basemapUrl) {
    JsonObject style = packaged.copy();
    for (String key : List.of("glyphs", "sprite")) {
      if (style.getValue(key) instanceof String url) {
        style.put(key, absolute(url, baseUrl));
      }
    }
    Set<String> dropped = new HashSet<>();
    JsonObject sources = style.getJsonObject("sources", new JsonObject());
    Map<String, String> standInLayers = standIn(style, published);
    for (String id : Set.copyOf(sources.fieldNames())) {
      JsonObject source = sources.getJsonObject(id);
      String url = source.getString("url");
      if (url == null || !url.startsWith(PREFIX)) {
        continue;
      }
      if (servedHere(url).stream().allMatch(published::isPublished)) {
        source.put("url", absolute(url, baseUrl));
      } else {
        sources.remove(id);
        dropped.add(id);
      }
    }
    JsonArray layers = style.getJsonArray("layers", new JsonArray());
    Set<String> gaveWay = new HashSet<>();
    for (Iterator<Object> it = layers.iterator(); it.hasNext(); ) {
      JsonObject layer = (JsonObject) it.next();
      String fallbackFor = layer.getJsonObject("metadata", new JsonObject()).getString(FALLBACK_FOR);
      if (dropped.contains(layer.getString("source"))) {
        it.remove();
      } else if (fallbackFor != null && sources.containsKey(fallbackFor)) {
        if (layer.getString("source") != null) {
          gaveWay.add(layer.getString("source"));
        }
        it.remove();
      } else if (standInLayers.containsKey(layer.getString("source")) && layer.containsKey("source-layer")) {
        layer.put("source-layer", standInLayers.get(layer.getString("source")));
      }
    }
    layers.forEach(layer -> gaveWay.remove(((JsonObject) layer).getString("source")));
    gaveWay.forEach(sources::remove);
    if (basemapUrl != null) {
      style.put("metadata", style.getJsonObject("metadata", new JsonObject()).put(BASEMAP, basemapUrl));
    }
    return style;
  }

  /**
   * Points each unpublished style source with a role at its stand-in, if there is one.
   *
   * @return style source id → the layer its stand-in's tiles carry
   */
  private static Map<String, String> standIn(JsonObject style, PublishedSources published) {
    JsonObject roles = style.getJsonObject("metadata", new JsonObject()).getJsonObject(STAND_INS, new JsonObject());
    JsonObject sources = style.getJsonObject("sources", new JsonObject());
    Set<String> taken = new HashSet<>();
    sources.forEach(e -> {
      if (e.getValue() instanceof JsonObject source && source.getValue("url") instanceof String url
          && url.startsWith(PREFIX)) {
        taken.addAll(servedHere(url));
      }
    });
    Map<String, String> layers = new HashMap<>();
    for (String id : sources.fieldNames()) {
      JsonObject source = sources.getJsonObject(id);
      String url = source.getString("url");
      if (!(roles.getValue(id) instanceof String role) || url == null || !url.startsWith(PREFIX)
          || servedHere(url).stream().allMatch(published::isPublished)) {
        continue;
      }
      published.standIn(role, taken).ifPresent(standIn -> {
        source.put("url", PREFIX + TILEJSON_PATH + standIn.id() + ".json");
        taken.add(standIn.id());
        layers.put(id, standIn.layer());
      });
    }
    return layers;
  }

  /** The source ids of a {@code tileserver://tiles/a,b.json} URL; empty for other paths. */
  static List<String> servedHere(String url) {
    String path = url.substring(PREFIX.length()).replaceFirst("\\?.*$", "");
    if (!path.startsWith(TILEJSON_PATH) || !path.endsWith(".json")) {
      return List.of();
    }
    return List.of(path.substring(TILEJSON_PATH.length(), path.length() - ".json".length()).split(","));
  }

  private static String absolute(String url, String baseUrl) {
    return url.startsWith(PREFIX) ? baseUrl + "/" + url.substring(PREFIX.length()) : url;
  }
}
