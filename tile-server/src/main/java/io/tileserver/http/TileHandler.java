package io.tileserver.http;

import io.tileserver.cache.CachedTile;
import io.tileserver.cache.Encoding;
import io.tileserver.cache.EncodingNegotiation;
import io.tileserver.cache.TileCache;
import io.tileserver.cache.TileService;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.TileSource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Serves {@code /tiles/{z}/{x}/{y}.pbf} and {@code /tiles/{ids}/{z}/{x}/{y}.pbf}: validates the
 * request, asks the {@link TileService}, and writes 200/204/304 with ETag, Vary, Cache-Control and
 * X-Cache. Every failure ends in {@link ErrorResponder}.
 */
final class TileHandler {
  private final SourceRegistry registry;
  private final TileService service;
  private final TileMetrics metrics;
  private final ServerConfig config;

  TileHandler(SourceRegistry registry, TileService service, TileMetrics metrics, ServerConfig config) {
    this.registry = registry;
    this.service = service;
    this.metrics = metrics;
    this.config = config;
  }

  void defaultComposite(RoutingContext ctx) {
    serve(ctx, null);
  }

  void sources(RoutingContext ctx) {
    serve(ctx, ctx.pathParam("ids"));
  }

  private void serve(RoutingContext ctx, String ids) {
    long start = System.nanoTime();
    String label = metricLabel(ids);
    int zoom = -1;
    try {
      TilePath path = TilePath.parse(ids, ctx.pathParam("z"), ctx.pathParam("x"), ctx.pathParam("y"));
      zoom = path.coord().z();
      List<TileSource> sources = resolve(path);
      if (!ContentNegotiation.acceptsMvt(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
        throw ApiError.notAcceptable("this endpoint only produces " + ContentNegotiation.MVT,
            "send Accept: " + ContentNegotiation.MVT + " (or */*)");
      }
      List<TileSource> inRange = sources.stream().filter(s -> s.isValidZoom(path.coord().z())).toList();
      if (inRange.isEmpty()) {
        throw ApiError.notFound("zoom " + path.coord().z() + " is outside the zoom range of " + ranges(sources),
            "request a zoom within the range; see /tiles/" + joinedIds(sources) + ".json");
      }
      FilterSet filters = RequestFilters.parse(sources, ctx.queryParams());
      int z = zoom;
      service.tile(sources, path.coord(), filters)
          .onSuccess(lookup -> respond(ctx, sources, lookup, z, label, start))
          .onFailure(failure -> fail(ctx, failure, z, label, start));
    } catch (RuntimeException e) {
      fail(ctx, e, zoom, label, start);
    }
  }

  /** Bounded label values: a known source id, "composite", "default" or "unknown". */
  private String metricLabel(String ids) {
    if (ids == null) {
      return "default";
    }
    if (ids.contains(",")) {
      return "composite";
    }
    return registry.find(ids).isPresent() ? ids : "unknown";
  }

  private List<TileSource> resolve(TilePath path) {
    if (path.sourceIds().isEmpty()) {
      if (registry.defaults().isEmpty()) {
        throw ApiError.notFound("this server publishes no sources", "check the server's config and database");
      }
      return registry.defaults();
    }
    List<String> unknown = registry.unknown(path.sourceIds());
    if (!unknown.isEmpty()) {
      throw ApiError.notFound("unknown source " + String.join(", ", unknown),
          "see GET /catalog for the sources this server publishes");
    }
    return path.sourceIds().stream().distinct().map(id -> registry.find(id).orElseThrow()).toList();
  }

  private void respond(RoutingContext ctx, List<TileSource> sources, TileCache.Lookup lookup, int zoom, String label,
      long start) {
    CachedTile tile = lookup.tile();
    metrics.cache(zoom, lookup.hit());
    Encoding encoding = EncodingNegotiation.choose(ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING), tile);
    String etag = tile.etag(encoding);
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.VARY, "Accept-Encoding")
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl(sources))
        .putHeader("X-Cache", lookup.hit() ? "HIT" : "MISS");
    if (lookup.hit()) {
      response.putHeader("X-Cache-Level", lookup.level().name());
    }
    int status;
    int bytes = 0;
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      status = 304;
      response.setStatusCode(304).end();
    } else if (tile.isEmpty()) {
      status = 204;
      response.setStatusCode(204).end();
    } else {
      status = 200;
      byte[] body = tile.body(encoding);
      bytes = body.length;
      response.putHeader(HttpHeaders.CONTENT_TYPE, ContentNegotiation.MVT)
          .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
      if (encoding.contentEncoding() != null) {
        response.putHeader(HttpHeaders.CONTENT_ENCODING, encoding.contentEncoding());
      }
      if (ctx.request().method() == HttpMethod.HEAD) {
        response.end();
      } else {
        response.end(Buffer.buffer(body));
      }
    }
    metrics.request(label, zoom, status, System.nanoTime() - start, bytes);
  }

  private void fail(RoutingContext ctx, Throwable failure, int zoom, String label, long start) {
    String requestId = RequestIds.of(ctx);
    ApiError error = ErrorResponder.classify(failure, requestId, "tile " + ctx.request().uri());
    ErrorResponder.send(ctx, error, requestId);
    metrics.request(label, zoom, error.status(), System.nanoTime() - start, 0);
  }

  /** RFC 9110 §13.1.2: weak comparison, a list of tags, or {@code *}. */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tag.replaceFirst("^W/", "").equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** A single source's own policy; a composite takes the server default. */
  private String cacheControl(List<TileSource> sources) {
    if (sources.size() == 1) {
      SourceConfig own = config.sources().get(sources.get(0).id());
      if (own != null && own.cacheControl() != null) {
        return own.cacheControl();
      }
    }
    return config.server().cacheControl();
  }

  private static String ranges(List<TileSource> sources) {
    return String.join(", ", sources.stream()
        .map(s -> s.id() + " (" + s.info().minzoom() + ".." + s.info().maxzoom() + ")").toList());
  }

  private static String joinedIds(List<TileSource> sources) {
    return String.join(",", sources.stream().map(TileSource::id).toList());
  }
}
