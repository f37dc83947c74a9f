package io.tileserver.http;

import io.netty.buffer.Unpooled;
import io.tileserver.cache.CachedTile;
import io.tileserver.cache.Encoding;
import io.tileserver.cache.SurrogateKeys;
import io.tileserver.cache.TileCache;
import io.tileserver.config.ServerConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.serving.TileRequest;
import io.tileserver.serving.TileService;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.TileSource;
import io.tileserver.tile.TileFormat;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves {@code /tiles/{z}/{x}/{y}.pbf} and {@code /tiles/{ids}/{z}/{x}/{y}.pbf}: validates the
 * request, asks the {@link TileService} for the tile (which decides its coding and data version once),
 * and writes
 * 200/204/304 with what a CDN needs: ETag (per encoding), Vary, Cache-Control ({@link CachePolicies};
 * immutable when {@code ?v=} names the sources' current version), Last-Modified (when the tile last
 * changed), Surrogate-Key and Cache-Tag (the names to purge it by), and X-Cache. A {@code v} that
 * is not current (a client holding an older TileJSON) gets the current tile with the short policy:
 * a redirect would cost every such client a round trip, and the short policy keeps a CDN from
 * pinning today's bytes under yesterday's version. Every failure ends in {@link ErrorResponder}.
 */
final class TileHandler {
  /** Fastly's purge-by-key header (space-separated); Cloudflare's is {@link #CACHE_TAG}. */
  static final CharSequence SURROGATE_KEY = HttpHeaders.createOptimized("Surrogate-Key");
  static final CharSequence CACHE_TAG = HttpHeaders.createOptimized("Cache-Tag");
  // Pre-encoded names and values: Vert.x validates and encodes plain String headers on every response.
  private static final CharSequence X_CACHE = HttpHeaders.createOptimized("X-Cache");
  private static final CharSequence X_CACHE_LEVEL = HttpHeaders.createOptimized("X-Cache-Level");
  private static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");
  /** By {@link TileFormat} ordinal: MVT, or the image a function source returned. */
  private static final CharSequence[] CONTENT_TYPES = Arrays.stream(TileFormat.values())
      .map(format -> HttpHeaders.createOptimized(format.contentType())).toArray(CharSequence[]::new);
  private static final CharSequence HIT = HttpHeaders.createOptimized("HIT");
  private static final CharSequence MISS = HttpHeaders.createOptimized("MISS");
  private static final CharSequence STALE = HttpHeaders.createOptimized("STALE");
  private static final CharSequence WARNING = HttpHeaders.createOptimized("Warning");
  private static final CharSequence STALE_WARNING = HttpHeaders.createOptimized("110 - \"Response is Stale\"");
  /**
   * A stale answer (the sources failed and an older copy stood in) is kept by caches only briefly,
   * so the current tile replaces it soon after the sources recover; a cache that has it may keep
   * serving it while the origin still errs.
   */
  private static final CharSequence STALE_CACHE_CONTROL =
      HttpHeaders.createOptimized("public, max-age=5, stale-if-error=300");
  private static final CharSequence[] LEVELS = Arrays.stream(TileCache.Level.values())
      .map(level -> HttpHeaders.createOptimized(level.name())).toArray(CharSequence[]::new);
  /** Read only: a request without a query string skips parsing one. */
  private static final MultiMap NO_PARAMS = MultiMap.caseInsensitiveMultiMap();

  private final SourceRegistry registry;
  private final TileService service;
  private final TileMetrics metrics;
  private final CachePolicies policies;
  private final ClientLimits clients;
  private final boolean martinRoutes;

  TileHandler(SourceRegistry registry, TileService service, TileMetrics metrics, ServerConfig config,
      ClientLimits clients) {
    this.clients = clients;
    this.registry = registry;
    this.service = service;
    this.metrics = metrics;
    this.policies = new CachePolicies(config);
    this.martinRoutes = config.server().martinRoutes();
  }

  /** The router's tile route: a tile URL (see {@link TileUrl}); any other path goes on to the next route. */
  void serve(RoutingContext ctx) {
    TileUrl url;
    try {
      url = TileUrl.of(ctx.normalizedPath(), martinRoutes);
    } catch (RuntimeException e) {
      fail(ctx.request(), RequestIds.of(ctx.request()), e, -1, "unknown", System.nanoTime());
      return;
    }
    if (url == null) {
      ctx.next();
      return;
    }
    serve(ctx.request(), RequestIds.of(ctx.request()), url);
  }

  /**
   * Serves a plain tile request ahead of the router, which costs a cached tile about a sixth of its
   * CPU (RoutingContext, route iteration; bench/README.md): GET or HEAD of a tile URL whose path
   * needs no normalizing. The listener has already put the headers every answer shares (id, CORS,
   * security), so the response is the same as through the router. False when the request is not
   * such a request.
   */
  boolean serveDirect(HttpServerRequest request) {
    HttpMethod method = request.method();
    String path = request.path();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD
        || path == null || path.indexOf('%') >= 0 || path.contains("/.")) {
      return false;
    }
    TileUrl url = TileUrl.of(path, martinRoutes);
    if (url == null) {
      return false;
    }
    serve(request, RequestIds.of(request), url);
    return true;
  }

  private void serve(HttpServerRequest request, String requestId, TileUrl url) {
    String ids = url.ids();
    long start = System.nanoTime();
    String label = metricLabel(ids);
    int zoom = -1;
    try {
      TilePath path = TilePath.parse(ids, url.z(), url.x(), url.y(), url.martin());
      zoom = path.coord().z();
      List<TileSource> sources = resolve(path);
      if (!ContentNegotiation.acceptsMvt(request.getHeader(HttpHeaders.ACCEPT))) {
        throw ApiError.notAcceptable("this endpoint only produces " + ContentNegotiation.MVT,
            "send Accept: " + ContentNegotiation.MVT + " (or */*)");
      }
      if (sources.stream().noneMatch(s -> s.isValidZoom(path.coord().z()))) {
        throw ApiError.notFound("zoom " + path.coord().z() + " is outside the zoom range of " + ranges(sources),
            "request a zoom within the range; see /tiles/" + joinedIds(sources) + ".json");
      }
      MultiMap query = request.query() == null ? NO_PARAMS : request.params();
      Long requested = VersionParam.parse(query);
      FilterSet filters = RequestFilters.parse(sources, query);
      TileRequest tile = service.request(sources, path.coord(), filters, request.getHeader(HttpHeaders.ACCEPT_ENCODING));
      boolean current = requested != null && requested == tile.stamp().current();
      List<String> keys = SurrogateKeys.of(tile.sourceIds(), tile.coord());
      Validity validity = new Validity(policies.header(sources, zoom, current), tile.stamp().lastModified(),
          HttpHeaders.createOptimized(String.join(" ", keys)), HttpHeaders.createOptimized(String.join(",", keys)));
      int z = zoom;
      Supplier<Future<Void>> admitBuild = () -> clients.uncachedWork(request);
      // Only composed when cache hits are limited too: the hot path stays one call.
      Future<TileCache.Lookup> lookup = clients.limitsCachedTiles()
          ? clients.tileRequest(request).compose(v -> service.tile(tile, admitBuild))
          : service.tile(tile, admitBuild);
      lookup.onComplete(result -> {
        // Inside the callback an exception would be lost and the request left unanswered.
        try {
          if (result.succeeded()) {
            respond(request, validity, result.result(), tile.encoding(), z, label, start);
          } else {
            fail(request, requestId, result.cause(), z, label, start);
          }
        } catch (RuntimeException e) {
          fail(request, requestId, e, z, label, start);
        }
      });
    } catch (RuntimeException e) {
      fail(request, requestId, e, zoom, label, start);
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
    if (path.sourceIds().size() == 1) {
      return List.of(registry.find(path.sourceIds().get(0)).orElseThrow());
    }
    return path.sourceIds().stream().distinct().map(id -> registry.find(id).orElseThrow()).toList();
  }

  /**
   * The caching headers of one response, fixed before the tile is looked up. Values are pre-encoded:
   * Netty writes a String header into the socket buffer one checked byte at a time (~8% of a hot
   * tile's JFR samples; bench/README.md).
   */
  private record Validity(CharSequence cacheControl, long lastModifiedMillis, CharSequence surrogateKey,
      CharSequence cacheTag) {}

  private void respond(HttpServerRequest request, Validity validity, TileCache.Lookup lookup, Encoding negotiated,
      int zoom, String label, long start) {
    CachedTile tile = lookup.tile();
    metrics.cache(zoom, lookup.hit());
    if (request.response().ended()) {
      // The request deadline answered first; the tile is cached for the next request.
      return;
    }
    // One snapshot of the representation: its body and ETag must match while a better one replaces it.
    CachedTile.Variant variant = tile.sent(negotiated);
    Encoding encoding = variant.encoding();
    HttpServerResponse response = request.response();
    // Added, not put: CORS may already vary by Origin.
    response.headers().add(HttpHeaders.VARY, ACCEPT_ENCODING);
    boolean stale = lookup.level() == TileCache.Level.STALE;
    response.putHeader(HttpHeaders.ETAG, variant.etag())
        .putHeader(HttpHeaders.CACHE_CONTROL, stale ? STALE_CACHE_CONTROL : validity.cacheControl())
        .putHeader(HttpHeaders.LAST_MODIFIED, HttpDates.format(validity.lastModifiedMillis()))
        .putHeader(SURROGATE_KEY, validity.surrogateKey())
        .putHeader(CACHE_TAG, validity.cacheTag())
        .putHeader(X_CACHE, stale ? STALE : lookup.hit() ? HIT : MISS);
    if (stale) {
      response.putHeader(WARNING, STALE_WARNING);
    } else if (lookup.hit()) {
      response.putHeader(X_CACHE_LEVEL, LEVELS[lookup.level().ordinal()]);
    }
    int status;
    int bytes = 0;
    if (notModified(request, tile, variant.encoding(), validity.lastModifiedMillis())) {
      status = 304;
      response.setStatusCode(304).end();
    } else if (tile.isEmpty()) {
      status = 204;
      response.setStatusCode(204).end();
    } else {
      status = 200;
      byte[] body = variant.body();
      bytes = body.length;
      response.putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPES[tile.format().ordinal()])
          .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
      if (encoding.contentEncoding() != null) {
        response.putHeader(HttpHeaders.CONTENT_ENCODING, encoding.contentEncoding());
      }
      if (request.method() == HttpMethod.HEAD) {
        response.end();
      } else {
        // Wrapped, not copied: cached bodies are never written to, and a copy per hit cost ~7% of
        // the hot path's CPU in a JFR profile (bench/README.md).
        response.end(BufferInternal.buffer(Unpooled.wrappedBuffer(body)));
      }
    }
    metrics.request(label, zoom, status, System.nanoTime() - start, bytes);
  }

  private void fail(HttpServerRequest request, String requestId, Throwable failure, int zoom, String label,
      long start) {
    ApiError error = ErrorResponder.classify(failure, requestId, "tile " + request.uri());
    ErrorResponder.send(request, error, requestId);
    metrics.request(label, zoom, error.status(), System.nanoTime() - start, 0);
  }

  /**
   * RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since, at the
   * one-second resolution of HTTP dates.
   */
  private static boolean notModified(HttpServerRequest request, CachedTile tile, Encoding encoding,
      long lastModifiedMillis) {
    String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      return matches(ifNoneMatch, tile, encoding);
    }
    String ifModifiedSince = request.getHeader(HttpHeaders.IF_MODIFIED_SINCE);
    if (ifModifiedSince == null) {
      return false;
    }
    Long since = HttpDates.parseSeconds(ifModifiedSince);
    return since != null && Math.floorDiv(lastModifiedMillis, 1000) <= since;
  }

  /**
   * RFC 9110 §13.1.2: weak comparison, a list of tags, or {@code *}; a tag matches the sent coding's
   * variant at either compression effort ({@link CachedTile#isEtagOf}).
   */
  private static boolean matches(String ifNoneMatch, CachedTile tile, Encoding encoding) {
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || tile.isEtagOf(encoding, tag.replaceFirst("^W/", ""))) {
        return true;
      }
    }
    return false;
  }

  private static String ranges(List<TileSource> sources) {
    return String.join(", ", sources.stream()
        .map(s -> s.id() + " (" + s.info().minzoom() + ".." + s.info().maxzoom() + ")").toList());
  }

  private static String joinedIds(List<TileSource> sources) {
    return String.join(",", sources.stream().map(TileSource::id).toList());
  }
}
