package io.tileserver.http;

import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterRow;
import io.tileserver.cluster.ListingSearch;
import io.tileserver.cluster.ListingSort;
import io.tileserver.cluster.ViewportBox;
import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.cluster.ClusterSource;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.TileCover;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The first plan's viewport endpoint, answered by the cluster engine:
 * {@code /api/properties/viewport?north=&south=&east=&west=&zoom=&minPrice=&maxPrice=&beds=&baths=&propertyType=&status=}
 * gives {@code {type, data, zoom, metadata: {count, response_time_ms}}}: below the cluster source's
 * {@code cluster-maxzoom} the clusters in view (centre, count, average/min/max price, count by
 * property type), from it on up to 2,000 listings in view, cheapest first. The listings are the
 * first cluster source's; the plan's parameters become that source's declared filters (found by
 * their column and operator), so they are checked and applied exactly as on its tiles.
 */
final class PlanViewportHandler {
  static final int MAX_LISTINGS = 2000;
  /** Tiles of the request's zoom a viewport may span: a screen holds a handful; more is a misuse. */
  static final int MAX_TILES = 64;
  private static final Set<String> TYPES = Set.of("house", "condo", "townhouse", "apartment", "land");
  private static final Set<String> STATUSES = Set.of("active", "pending", "sold");

  private final SourceRegistry registry;
  private final ClientLimits clients;
  private final int deadlineMs;

  PlanViewportHandler(SourceRegistry registry, ClientLimits clients, int deadlineMs) {
    this.registry = registry;
    this.clients = clients;
    this.deadlineMs = deadlineMs;
  }

  void viewport(RoutingContext ctx) {
    long start = System.nanoTime();
    MultiMap params = ctx.queryParams();
    double north = number(params, "north", -90, 90);
    double south = number(params, "south", -90, 90);
    double east = number(params, "east", -180, 180);
    double west = number(params, "west", -180, 180);
    if (south >= north || west >= east) {
      throw ApiError.badRequest("the bounds are empty: south must be below north and west of east",
          "send the map's visible bounds, e.g. north=47.7&south=47.5&east=-122.2&west=-122.5");
    }
    double zoomValue = number(params, "zoom", 0, 22);
    if (zoomValue != Math.rint(zoomValue)) {
      throw ApiError.badRequest("zoom must be a whole number 0..22", "send the map's integer zoom");
    }
    int zoom = (int) zoomValue;
    ClusterSource source = registry.all().stream().filter(ClusterSource.class::isInstance)
        .map(ClusterSource.class::cast).findFirst()
        .orElseThrow(() -> ApiError.notFound("this server has no cluster source to answer the viewport",
            "configure a source of kind cluster"));
    MultiMap own = MultiMap.caseInsensitiveMultiMap();
    Double minPrice = optionalNumber(params, "minPrice", 0, Double.MAX_VALUE);
    Double maxPrice = optionalNumber(params, "maxPrice", 0, Double.MAX_VALUE);
    if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
      throw ApiError.badRequest("minPrice must not exceed maxPrice", "swap them, or leave one out");
    }
    Double beds = optionalNumber(params, "beds", 0, 50);
    if (beds != null && beds != Math.rint(beds)) {
      throw ApiError.badRequest("beds must be a whole number 0..50", "e.g. beds=3");
    }
    Double baths = optionalNumber(params, "baths", 0, 50);
    String types = list(params, "propertyType", TYPES);
    String statuses = list(params, "status", STATUSES);
    ClusterColumns columns = source.columns();
    put(own, source, columns.price(), FilterOp.GE, params.get("minPrice"), minPrice);
    put(own, source, columns.price(), FilterOp.LE, params.get("maxPrice"), maxPrice);
    put(own, source, columns.bedrooms(), FilterOp.GE, params.get("beds"), beds);
    put(own, source, columns.bathrooms(), FilterOp.GE, params.get("baths"), baths);
    put(own, source, columns.propertyType(), FilterOp.IN, types, types);
    put(own, source, columns.status(), FilterOp.IN, statuses, statuses);
    FilterSet filters = RequestFilters.parse(List.of(source), own);
    Deadline deadline = Deadline.after(start, deadlineMs);
    Future<JsonObject> answer;
    if (zoom < source.clusterMaxzoom()) {
      Bounds bounds = new Bounds(west, south, east, north);
      if (TileCover.count(bounds, zoom, zoom) > MAX_TILES) {
        throw ApiError.badRequest("the bounds span more than " + MAX_TILES + " tiles at zoom " + zoom,
            "send the visible bounds with the map's zoom");
      }
      List<TileCoord> tiles = TileCover.tiles(bounds, zoom, zoom);
      Map<String, FilterSet> byType = new LinkedHashMap<>();
      String typeFilter = declared(source, columns.propertyType(), FilterOp.IN);
      FilterSpec typeSpec = typeFilter == null ? null : source.info().filters().get(typeFilter);
      if (typeSpec != null) {
        for (String type : types == null ? typeSpec.values() : List.of(types.split(","))) {
          MultiMap one = MultiMap.caseInsensitiveMultiMap().addAll(own).set(typeFilter, type);
          byType.put(type, RequestFilters.parse(List.of(source), one));
        }
      }
      answer = source.cells(tiles, bounds, filters, byType, deadline).map(cells -> {
        JsonArray data = new JsonArray();
        long count = 0;
        for (ClusterSource.Cell cell : cells) {
          count += cell.count();
          data.add(new JsonObject().put("latitude", cell.lat()).put("longitude", cell.lon()).put("count", cell.count())
              .put("avgPrice", cell.priceAvg() == null ? null : Math.round(cell.priceAvg()))
              .put("minPrice", cell.priceMin()).put("maxPrice", cell.priceMax())
              .put("types", new JsonObject(new LinkedHashMap<>(cell.types()))));
        }
        return new JsonObject().put("type", "clusters").put("data", data).put("zoom", zoom)
            .put("metadata", new JsonObject().put("count", count));
      });
    } else {
      ViewportBox box = ViewportBox.of(west, south, east, north);
      answer = source.search(box, filters, ListingSort.PRICE, null, MAX_LISTINGS, deadline).map(page -> {
        JsonArray data = new JsonArray();
        for (ListingSearch.Hit hit : page.hits()) {
          ClusterRow row = hit.row();
          data.add(new JsonObject().put("id", row.id()).put("latitude", row.lat()).put("longitude", row.lon())
              .put("price", row.price()).put("beds", row.bedrooms()).put("baths", row.bathrooms())
              .put("sqft", row.sqft()).put("propertyType", row.propertyType()).put("status", row.status()));
        }
        return new JsonObject().put("type", "properties").put("data", data).put("zoom", zoom)
            .put("metadata", new JsonObject().put("count", page.total()));
      });
    }
    clients.uncachedWork(ctx.request()).compose(v -> answer).onSuccess(json -> {
      json.getJsonObject("metadata").put("response_time_ms", (System.nanoTime() - start) / 1_000_000);
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
      ctx.json(json);
    }).onFailure(e -> ErrorResponder.send(ctx, e));
  }

  /**
   * Sets the source's filter on {@code column} with {@code op} to {@code text}. A plan parameter the source declares no filter for is refused: applying it is impossible, and
   * ignoring it would answer with listings the client excluded.
   */
  private static void put(MultiMap own, ClusterSource source, String column, FilterOp op, String text, Object parsed) {
    if (parsed == null) {
      return;
    }
    String name = declared(source, column, op);
    if (name == null) {
      throw ApiError.badRequest("the listings source " + source.id() + " declares no filter on " + column
          + " with " + op.symbol(), "see its filters in GET /tiles/" + source.id() + ".json");
    }
    own.set(name, text);
  }

  /** The name of the source's filter on {@code column} with {@code op} ({@code =} will do for {@code in}). */
  private static String declared(ClusterSource source, String column, FilterOp op) {
    if (column == null) {
      return null;
    }
    String fallback = null;
    for (Map.Entry<String, FilterSpec> filter : source.info().filters().entrySet()) {
      FilterSpec spec = filter.getValue();
      if (column.equals(spec.column())) {
        if (spec.op() == op) {
          return filter.getKey();
        }
        if (op == FilterOp.IN && spec.op() == FilterOp.EQ) {
          fallback = filter.getKey();
        }
      }
    }
    return fallback;
  }

  private static double number(MultiMap params, String name, double min, double max) {
    Double value = optionalNumber(params, name, min, max);
    if (value == null) {
      throw ApiError.badRequest(name + " is required", "the viewport needs north, south, east, west and zoom");
    }
    return value;
  }

  private static Double optionalNumber(MultiMap params, String name, double min, double max) {
    String text = params.get(name);
    if (text == null) {
      return null;
    }
    try {
      double value = Double.parseDouble(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest(name + " must be a number " + format(min) + ".." + format(max) + ", was '"
        + ApiError.abbreviate(text) + "'", "send plain decimal numbers");
  }

  private static String format(double bound) {
    return bound == Double.MAX_VALUE ? "" : bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }

  /** A comma list of allowed values, lower-cased, or null when absent. */
  private static String list(MultiMap params, String name, Set<String> allowed) {
    String text = params.get(name);
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String value : lower.split(",", -1)) {
      if (!allowed.contains(value)) {
        throw ApiError.badRequest(name + " must be one or more of " + String.join(", ", allowed.stream().sorted().toList())
            + ", was '" + ApiError.abbreviate(text) + "'", "separate several with commas");
      }
    }
    return lower;
  }
}
