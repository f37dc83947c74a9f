package io.tileserver.http;

import io.tileserver.cache.SourceVersions;
import io.tileserver.cache.SurrogateKeys;
import io.tileserver.cluster.ClusterRow;
import io.tileserver.cluster.ListingSearch;
import io.tileserver.cluster.ListingSort;
import io.tileserver.cluster.ListingStats;
import io.tileserver.config.ServerConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterValue;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.cluster.ClusterSource;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The listings beside the map, from a cluster source's in-memory index: {@code /api/{source}/listings}
 * (a sorted, keyset-paged search of a bbox) and {@code /api/{source}/stats} (exact market statistics
 * of it), both with the source's declared filters. Scans run on the cluster lane under the request
 * deadline. Answers are cached like TileJSON ({@code server.tilejson-cache-control}), with an ETag of
 * the data versions and the query, and the source's {@code Surrogate-Key} so a purge or version bump
 * reaches them.
 */
final class SearchHandler {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  static final String GEOJSON = "application/geo+json";

  private final SourceRegistry registry;
  private final ClientLimits clients;
  private final SourceVersions versions;
  private final String cacheControl;
  private final int deadlineMs;

  SearchHandler(SourceRegistry registry, ClientLimits clients, SourceVersions versions, ServerConfig config) {
    this.registry = registry;
    this.clients = clients;
    this.versions = versions;
    this.cacheControl = config.server().tilejsonCacheControl();
    this.deadlineMs = config.limits().requestDeadlineMs();
  }

  void listings(RoutingContext ctx) {
    long start = System.nanoTime();
    MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
    ViewportBbox bbox = ViewportBbox.parse(params.get("bbox"));
    String sortText = params.get("sort") == null ? ListingSort.NEWEST.parameter() : params.get("sort");
    ListingSort sort = ListingSort.of(sortText).orElseThrow(() -> ApiError.badRequest(
        "sort must be one of " + ListingSort.accepted() + ", was '" + ApiError.abbreviate(sortText) + "'",
        "sort by price, newest, sqft or beds; a leading - reverses the order"));
    int limit = IntParam.parse("limit", params.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT,
        "page with limit (at most " + MAX_LIMIT + ") and the cursor of the previous page");
    String cursor = params.get("cursor");
    params.remove("bbox").remove("sort").remove("limit").remove("cursor");
    ClusterSource source = source(ctx);
    FilterSet filters = RequestFilters.parse(List.of(source), params);
    String query = source.id() + "|" + bbox.canonical() + "|" + canonical(filters) + "|" + sort.parameter();
    ListingSearch.After after = cursor == null ? null : SearchCursor.decode(cursor, query);
    boolean geojson = acceptsGeoJson(ctx.request().getHeader(HttpHeaders.ACCEPT));
    String variant = query + "|" + (cursor == null ? "" : cursor) + "|" + limit + "|" + (geojson ? "geojson" : "json");
    ctx.response().headers().add(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    answer(ctx, source, variant, deadline -> source.search(bbox.toBox(), filters, sort, after, limit, deadline),
        page -> geojson ? geoJson(source, page, query) : json(source, page, query),
        geojson ? GEOJSON : "application/json", start);
  }

  void stats(RoutingContext ctx) {
    long start = System.nanoTime();
    MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
    ViewportBbox bbox = ViewportBbox.parse(params.get("bbox"));
    params.remove("bbox");
    ClusterSource source = source(ctx);
    FilterSet filters = RequestFilters.parse(List.of(source), params);
    String variant = source.id() + "|" + bbox.canonical() + "|" + canonical(filters) + "|stats";
    answer(ctx, source, variant, deadline -> source.stats(bbox.toBox(), filters, deadline),
        stats -> StatsJson.of(source, stats, versions.current(source.id())), "application/json", start);
  }

  /**
   * Answers 304 when the client holds the current answer (no scan), else scans and sends the body
   * with the caching headers. The ETag names both data versions: the source's (bumps and purges) and
   * the index snapshot's (every applied change, which may reach the index before the invalidation).
   */
  private <T> void answer(RoutingContext ctx, ClusterSource source, String variant,
      Function<Deadline, Future<T>> scan, Function<T, JsonObject> body, String contentType, long start) {
    String id = source.id();
    String surrogate = SurrogateKeys.source(id);
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
        .putHeader(TileHandler.SURROGATE_KEY, surrogate)
        .putHeader(TileHandler.CACHE_TAG, surrogate);
    String held = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (held != null && held.equals(etag(id, source.indexVersion(), variant))) {
      ctx.response().putHeader(HttpHeaders.ETAG, held).setStatusCode(304).end();
      return;
    }
    Deadline deadline = Deadline.after(start, deadlineMs);
    clients.uncachedWork(ctx.request()).compose(v -> scan.apply(deadline)).onComplete(result -> {
      if (ctx.response().ended()) {
        return;
      }
      if (result.failed()) {
        ErrorResponder.send(ctx, result.cause());
        return;
      }
      try {
        JsonObject json = body.apply(result.result());
        ctx.response().putHeader(HttpHeaders.ETAG, etag(id, version(result.result()), variant))
            .putHeader(HttpHeaders.CONTENT_TYPE, contentType + "; charset=utf-8")
            .end(json.toBuffer());
      } catch (RuntimeException e) {
        ErrorResponder.send(ctx, e);
      }
    });
  }

  private static long version(Object result) {
    return result instanceof ListingSearch.Page page ? page.version() : ((ListingStats.Stats) result).version();
  }

  private String etag(String source, long indexVersion, String variant) {
    long hash = SearchCursor.fingerprint(versions.current(source) + "|" + indexVersion + "|" + variant);
    return "\"" + HexFormat.of().toHexDigits(hash) + "\"";
  }

  private ClusterSource source(RoutingContext ctx) {
    String id = ctx.pathParam("source");
    return registry.find(id).filter(ClusterSource.class::isInstance).map(ClusterSource.class::cast)
        .orElseThrow(() -> ApiError.notFound("no cluster source " + id,
            "see GET /catalog: sources of kind cluster answer /api/{source}/listings and /stats"));
  }

  /** The filters in name order with their canonical values: equal filters, equal text. */
  private static String canonical(FilterSet filters) {
    Map<String, String> sorted = new TreeMap<>();
    for (FilterValue value : filters.values()) {
      sorted.put(value.parameter(), value.canonical());
    }
    return sorted.toString();
  }

  static boolean acceptsGeoJson(String accept) {
    return accept != null && accept.toLowerCase(Locale.ROOT).contains(GEOJSON);
  }

  private JsonObject json(ClusterSource source, ListingSearch.Page page, String query) {
    JsonArray listings = new JsonArray();
    for (ListingSearch.Hit hit : page.hits()) {
      listings.add(listing(hit.row(), source));
    }
    return new JsonObject().put("source", source.id()).put("version", versions.current(source.id()))
        .put("total", page.total()).put("listings", listings).put("next", next(page, query));
  }

  private JsonObject geoJson(ClusterSource source, ListingSearch.Page page, String query) {
    JsonArray features = new JsonArray();
    for (ListingSearch.Hit hit : page.hits()) {
      JsonObject properties = listing(hit.row(), source);
      properties.remove("lon");
      properties.remove("lat");
      ClusterRow row = hit.row();
      features.add(new JsonObject().put("type", "Feature").put("id", row.id())
          .put("geometry", new JsonObject().put("type", "Point")
              .put("coordinates", new JsonArray().add(round(row.lon())).add(round(row.lat()))))
          .put("properties", properties));
    }
    return new JsonObject().put("type", "FeatureCollection").put("features", features)
        .put("source", source.id()).put("version", versions.current(source.id()))
        .put("total", page.total()).put("next", next(page, query));
  }

  private static String next(ListingSearch.Page page, String query) {
    if (!page.more() || page.hits().isEmpty()) {
      return null;
    }
    ListingSearch.Hit last = page.hits().get(page.hits().size() - 1);
    return SearchCursor.encode(new ListingSearch.After(last.rank(), last.row().id()), query);
  }

  /** id, position and every kept attribute under its API name; a NULL is null, an attribute not kept is absent. */
  private static JsonObject listing(ClusterRow row, ClusterSource source) {
    var columns = source.columns();
    JsonObject json = new JsonObject().put("id", row.id()).put("lon", round(row.lon())).put("lat", round(row.lat()));
    put(json, "price", columns.price(), row.price());
    put(json, "bedrooms", columns.bedrooms(), row.bedrooms());
    put(json, "bathrooms", columns.bathrooms(), row.bathrooms());
    put(json, "sqft", columns.sqft(), row.sqft());
    put(json, "type", columns.propertyType(), row.propertyType());
    put(json, "status", columns.status(), row.status());
    return json;
  }

  private static void put(JsonObject json, String name, String column, Object value) {
    if (column != null) {
      json.put(name, value);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1e7) / 1e7;
  }
}
