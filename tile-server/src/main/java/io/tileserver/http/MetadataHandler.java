package io.tileserver.http;

import io.tileserver.cache.SourceVersions;
import io.tileserver.config.ServerConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterValue;
import io.tileserver.filter.FilterSpec;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.TileSource;
import io.tileserver.tile.Bounds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * TileJSON 3.0.0 for one source or a comma list ({@code /tiles/{ids}.json}) and the catalog of every
 * source ({@code /catalog}). Tile URLs are absolute and carry the request's validated filters, so a
 * client can switch filters by switching TileJSON URLs, and the sources' current data version
 * ({@code v}, among the filters in name order), so a CDN may keep them for good: a data change makes
 * new URLs. TileJSON itself is therefore served with {@code server.tilejson-cache-control}.
 */
final class MetadataHandler {
  private final SourceRegistry registry;
  private final PublicUrl publicUrl;
  private final SourceVersions versions;
  private final String tileJsonCacheControl;

  MetadataHandler(SourceRegistry registry, ServerConfig config, SourceVersions versions, PublicUrl publicUrl) {
    this.registry = registry;
    this.publicUrl = publicUrl;
    this.versions = versions;
    this.tileJsonCacheControl = config.server().tilejsonCacheControl();
  }

  /** TileJSON at {@code /tiles/{ids}.json}, its tiles at {@code /tiles/{ids}/{z}/{x}/{y}.pbf}. */
  void tileJson(RoutingContext ctx) {
    tileJson(ctx, ids -> publicUrl.of(ctx.request()) + "/tiles/" + ids + "/{z}/{x}/{y}.pbf");
  }

  /**
   * Martin's: TileJSON at {@code /{ids}}, its tiles at {@code /{ids}/{z}/{x}/{y}}, under the path the
   * client used when a proxy rewrote it ({@link PublicUrl#martinTileJson}).
   */
  void martinTileJson(RoutingContext ctx) {
    tileJson(ctx, ids -> publicUrl.martinTileJson(ctx.request(), "/" + ids) + "/{z}/{x}/{y}");
  }

  /** @param tiles the tile URL template, without its query, of the source list */
  private void tileJson(RoutingContext ctx, Function<String, String> tiles) {
    String ids = ctx.pathParam("ids");
    List<String> requested = Arrays.stream(ids.split(",", -1)).map(String::trim).distinct().toList();
    List<String> unknown = registry.unknown(requested);
    if (!unknown.isEmpty()) {
      throw ApiError.notFound("unknown source " + String.join(", ", unknown),
          "see GET /catalog for the sources this server publishes");
    }
    List<TileSource> sources = requested.stream().map(id -> registry.find(id).orElseThrow()).toList();
    FilterSet filters = RequestFilters.parse(sources, ctx.queryParams());
    String query = "?" + versionedQuery(filters, versions.current(requested));
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, tileJsonCacheControl);
    String name = String.join(",", requested);
    ctx.json(document(name, sources, tiles.apply(name) + query));
  }

  /** The canonical filters with {@code v=<version>} in its place by name. */
  static String versionedQuery(FilterSet filters, long version) {
    Map<String, String> params = new TreeMap<>();
    for (FilterValue value : filters.values()) {
      params.put(value.parameter(), value.canonical());
    }
    params.put(VersionParam.NAME, Long.toString(version));
    StringBuilder out = new StringBuilder();
    params.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&").append(name).append('=').append(value));
    return out.toString();
  }

  /** Every source under {@code tiles}, beside {@code resources} (fonts, sprites, styles), in Martin's shape. */
  void catalog(RoutingContext ctx, JsonObject resources) {
    JsonObject tiles = new JsonObject();
    for (TileSource source : registry.all()) {
      SourceInfo info = source.info();
      tiles.put(info.id(), new JsonObject()
          .put("kind", info.kind())
          .put("description", info.description())
          .put("content_type", contentType(info))
          .put("layers", new JsonArray(info.layers().stream().map(SourceInfo.VectorLayer::id).toList()))
          .put("minzoom", info.minzoom())
          .put("maxzoom", info.maxzoom())
          .put("bounds", new JsonArray(info.bounds().asList()))
          .put("filters", filters(info.filters())));
    }
    ctx.json(resources.copy().put("tiles", tiles));
  }

  /** An archive's format as its file's metadata says (images are served as such), else MVT. */
  private static String contentType(SourceInfo info) {
    return switch (info.tileJson().getString("format", "pbf")) {
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "webp" -> "image/webp";
      default -> ContentNegotiation.MVT;
    };
  }

  static JsonObject document(String name, List<TileSource> sources, String tileUrl) {
    int minzoom = sources.stream().mapToInt(s -> s.info().minzoom()).min().orElse(0);
    int maxzoom = sources.stream().mapToInt(s -> s.info().maxzoom()).max().orElse(22);
    Bounds bounds = union(sources);
    JsonArray layers = new JsonArray();
    JsonObject filters = new JsonObject();
    StringBuilder description = new StringBuilder();
    for (TileSource source : sources) {
      SourceInfo info = source.info();
      for (SourceInfo.VectorLayer layer : info.layers()) {
        layers.add(new JsonObject()
            .put("id", layer.id())
            .put("description", layer.description())
            .put("fields", new JsonObject(new LinkedHashMap<>(layer.fields())))
            .put("minzoom", layer.minzoom())
            .put("maxzoom", layer.maxzoom()));
      }
      filters(info.filters()).forEach(e -> filters.put(e.getKey(), e.getValue()));
      if (!info.description().isEmpty()) {
        description.append(description.isEmpty() ? "" : " / ").append(info.description());
      }
    }
    JsonObject document = new JsonObject()
        .put("tilejson", "3.0.0")
        .put("name", name)
        .put("description", description.toString())
        .put("tiles", new JsonArray().add(tileUrl))
        .put("minzoom", minzoom)
        .put("maxzoom", maxzoom)
        .put("bounds", new JsonArray(bounds.asList()))
        .put("center", center(bounds, minzoom, maxzoom))
        .put("vector_layers", layers)
        .put("filters", filters);
    // A source's own TileJSON takes its comment's object; a composite's has no one comment to take.
    return sources.size() == 1 ? mergePatch(document, sources.get(0).info().tileJson()) : document;
  }

  /**
   * RFC 7386 JSON Merge Patch: a null removes a member, an object is merged into an object member,
   * anything else replaces. Written out because Vert.x's {@code mergeIn} keeps nulls.
   */
  static JsonObject mergePatch(JsonObject target, JsonObject patch) {
    for (String key : patch.fieldNames()) {
      Object value = patch.getValue(key);
      if (value == null) {
        target.remove(key);
      } else if (value instanceof JsonObject object) {
        target.put(key, mergePatch(target.getValue(key) instanceof JsonObject own ? own : new JsonObject(), object));
      } else {
        target.put(key, value);
      }
    }
    return target;
  }

  /** The filters a client may send, documented for humans and tools (columns stay private). */
  private static JsonObject filters(Map<String, FilterSpec> specs) {
    JsonObject out = new JsonObject();
    specs.forEach((name, spec) -> {
      JsonObject f = new JsonObject().put("op", spec.op().symbol()).put("type", spec.type().yamlName())
          .put("accepted", spec.accepted());
      if (!spec.values().isEmpty()) {
        f.put("values", new JsonArray(spec.values()));
      }
      if (spec.description() != null) {
        f.put("description", spec.description());
      }
      out.put(name, f);
    });
    return out;
  }

  private static Bounds union(List<TileSource> sources) {
    double w = 180;
    double s = 90;
    double e = -180;
    double n = -90;
    for (TileSource source : sources) {
      Bounds b = source.info().bounds();
      w = Math.min(w, b.west());
      s = Math.min(s, b.south());
      e = Math.max(e, b.east());
      n = Math.max(n, b.north());
    }
    return new Bounds(w, s, e, n);
  }

  /** The bounds' centre at the zoom where they roughly fill a 512-px view, within the zoom range. */
  private static JsonArray center(Bounds b, int minzoom, int maxzoom) {
    double span = Math.max(b.east() - b.west(), 1e-6);
    int zoom = (int) Math.floor(Math.log(360 / span) / Math.log(2));
    zoom = Math.max(minzoom, Math.min(maxzoom, zoom));
    return new JsonArray().add(round((b.west() + b.east()) / 2)).add(round((b.south() + b.north()) / 2)).add(zoom);
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
