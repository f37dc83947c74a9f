package io.tileserver.http;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.cluster.ClusterSource;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * "Click to zoom" for cluster sources: {@code /tiles/{source}/clusters/{id}} gives the zoom at which a
 * cluster splits and its members' bbox; {@code …/leaves?limit=&offset=} pages through its listings.
 * Both honour the same filters as the tiles, so they describe the cluster the map shows.
 */
final class ClusterHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_OFFSET = 1_000_000;

  private final SourceRegistry registry;
  private final ClientLimits clients;

  ClusterHandler(SourceRegistry registry, ClientLimits clients) {
    this.registry = registry;
    this.clients = clients;
  }

  void cluster(RoutingContext ctx) {
    Request request = request(ctx, ctx.queryParams());
    clients.uncachedWork(ctx.request()).compose(v -> ctx.vertx().executeBlocking(() -> {
      ClusterSource.Expansion expansion = request.source().expansion(request.id(), request.filters())
          .orElseThrow(() -> noMembers(request.id()));
      return new JsonObject()
          .put("source", request.source().id())
          .put("cluster_id", request.id())
          .put("zoom", expansion.zoom())
          .put("expansion_zoom", expansion.expansionZoom())
          .put("bbox", new JsonArray(expansion.bbox().asList()));
    }, false)).onSuccess(ctx::json).onFailure(e -> ErrorResponder.send(ctx, e));
  }

  void leaves(RoutingContext ctx) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
    String hint = "page with limit (at most " + MAX_LIMIT + ") and offset";
    int limit = IntParam.parse("limit", params.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, hint);
    int offset = IntParam.parse("offset", params.get("offset"), 0, 0, MAX_OFFSET, hint);
    params.remove("limit").remove("offset");
    Request request = request(ctx, params);
    clients.uncachedWork(ctx.request()).compose(v -> ctx.vertx().executeBlocking(() -> {
      ClusterSource.Leaves page = request.source().leaves(request.id(), request.filters(), offset, limit);
      JsonArray leaves = new JsonArray();
      for (ClusterSource.Leaf leaf : page.leaves()) {
        JsonObject json = new JsonObject().put("lon", round(leaf.lon())).put("lat", round(leaf.lat()));
        leaf.attributes().forEach(json::put);
        leaves.add(json);
      }
      return new JsonObject()
          .put("source", request.source().id())
          .put("cluster_id", request.id())
          .put("offset", offset)
          .put("limit", limit)
          .put("leaves", leaves)
          .put("next_offset", page.more() ? offset + page.leaves().size() : null);
    }, false)).onSuccess(ctx::json).onFailure(e -> ErrorResponder.send(ctx, e));
  }

  /** One request: the cluster source, the cluster and the filters, all checked. */
  private record Request(ClusterSource source, long id, FilterSet filters) {}

  private Request request(RoutingContext ctx, MultiMap params) {
    String sourceId = ctx.pathParam("source");
    ClusterSource source = registry.find(sourceId)
        .filter(ClusterSource.class::isInstance).map(ClusterSource.class::cast)
        .orElseThrow(() -> ApiError.notFound("no cluster source " + sourceId,
            "see GET /catalog: sources of kind cluster have cluster endpoints"));
    String text = ctx.pathParam("id");
    long id = parseId(text);
    if (!source.isCluster(id)) {
      throw ApiError.notFound("cluster_id " + text + " is not a cluster of " + sourceId,
          "use a cluster_id from a tile of this source");
    }
    return new Request(source, id, RequestFilters.parse(List.of(source), params));
  }

  private static long parseId(String text) {
    long id = DecimalText.parse(text);
    if (id < 0) {
      throw ApiError.badRequest("cluster_id must be a whole number 0.." + Long.MAX_VALUE + ", was '" + ApiError.abbreviate(text) + "'",
          "use the cluster_id attribute of a cluster feature");
    }
    return id;
  }

  private static ApiError noMembers(long id) {
    return ApiError.notFound("cluster " + id + " has no listings matching these filters",
        "request it with the filters of the tile it came from");
  }

  private static double round(double v) {
    return Math.round(v * 1e7) / 1e7;
  }
}
