package io.tileserver.http;

import io.tileserver.cache.TileCache;
import io.tileserver.tile.TileCover;
import io.tileserver.cache.TileInvalidator;
import io.tileserver.config.AdminConfig;
import io.tileserver.config.InvalidationConfig;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.TileSource;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The admin API: purge a source, a tile or a bbox × zoom range (each a data version change through
 * {@link TileInvalidator}, so every instance and the CDN hook follow), and cache statistics. Every
 * call needs {@code Authorization: Bearer <admin.token>}; the comparison is constant-time over
 * SHA-256 digests, so neither the token's content nor its length leaks through timing. When
 * {@code admin.enabled} is false the routes answer 404, as if they did not exist.
 */
final class AdminHandler {
  private final boolean enabled;
  private final byte[] tokenDigest;
  private final SourceRegistry registry;
  private final TileInvalidator invalidator;
  private final TileCache cache;
  private final InvalidationConfig limits;
  private final ClientLimits clients;

  AdminHandler(AdminConfig config, InvalidationConfig limits, SourceRegistry registry, TileInvalidator invalidator,
      TileCache cache, ClientLimits clients) {
    this.clients = clients;
    this.enabled = config.enabled();
    this.tokenDigest = config.token() == null ? null : sha256(config.token());
    this.registry = registry;
    this.invalidator = invalidator;
    this.cache = cache;
    this.limits = limits;
  }

  /**
   * First on every admin route: 404 when disabled, 429 for a client that has sent too many wrong
   * tokens lately (so the token cannot be guessed at network speed), 401 without the right token.
   */
  void authorize(RoutingContext ctx) {
    if (!enabled) {
      ctx.fail(404);
      return;
    }
    clients.checkAdminAttempts(ctx.request()).onFailure(ctx::fail).onSuccess(v -> checkToken(ctx));
  }

  private void checkToken(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      clients.adminFailure(ctx.request());
      ctx.fail(ApiError.unauthorized("the admin API needs a bearer token"));
      return;
    }
    if (!MessageDigest.isEqual(sha256(header.substring(7).trim()), tokenDigest)) {
      clients.adminFailure(ctx.request());
      ctx.fail(ApiError.unauthorized("the bearer token is not the admin token"));
      return;
    }
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.next();
  }

  void purgeSource(RoutingContext ctx) {
    String source = source(ctx);
    reply(ctx, invalidator.bumpVersion(source));
  }

  void purgeTile(RoutingContext ctx) {
    String source = source(ctx);
    TilePath path = TilePath.parse(source, ctx.pathParam("z"), ctx.pathParam("x"), ctx.pathParam("y") + ".pbf");
    reply(ctx, invalidator.invalidateTiles(source, List.of(path.coord())));
  }

  /** {@code ?bbox=w,s,e,n&minzoom=&maxzoom=} (zooms default to the source's range). */
  void purgeBbox(RoutingContext ctx) {
    String source = source(ctx);
    TileSource tiles = registry.find(source).orElseThrow();
    Bounds bounds = bbox(ctx.queryParams().get("bbox"));
    int minzoom = zoom(ctx, "minzoom", tiles.info().minzoom());
    int maxzoom = zoom(ctx, "maxzoom", tiles.info().maxzoom());
    if (minzoom > maxzoom) {
      throw ApiError.badRequest("minzoom " + minzoom + " exceeds maxzoom " + maxzoom, "give minzoom <= maxzoom");
    }
    if (TileCover.count(bounds, minzoom, maxzoom) > limits.maxTiles()) {
      reply(ctx, invalidator.bumpVersion(source));
    } else {
      reply(ctx, invalidator.invalidateTiles(source, TileCover.tiles(bounds, minzoom, maxzoom)));
    }
  }

  void stats(RoutingContext ctx) {
    JsonObject l1 = new JsonObject()
        .put("entries", cache.size())
        .put("bytes", cache.weightedBytes())
        .put("lookups", cache.requestCount())
        .put("hit_rate", Math.round(cache.hitRate() * 10_000) / 10_000.0);
    JsonObject versions = new JsonObject();
    invalidator.versions().currentVersions().forEach((source, version) -> versions.put(source, new JsonObject()
        .put("version", version)
        .put("last_modified", HttpDates.format(version).toString())
        .put("tracked_tiles", invalidator.versions().tracked(source))));
    ctx.json(new JsonObject()
        .put("l1", l1)
        .put("l2", cache.l2Status().label())
        .put("versions_shared", invalidator.shared())
        .put("versions", versions));
  }

  private void reply(RoutingContext ctx, Future<TileInvalidator.Outcome> outcome) {
    outcome.onSuccess(o -> ctx.json(new JsonObject()
            .put("source", o.source())
            .put("version", o.version())
            .put("bumped", o.bumped())
            .put("tiles", o.tiles())
            .put("cdn_purge", o.cdnPurge())))
        .onFailure(ctx::fail);
  }

  private String source(RoutingContext ctx) {
    String source = ctx.pathParam("source");
    if (registry.find(source).isEmpty()) {
      throw ApiError.notFound("unknown source " + source, "see GET /catalog for the sources this server publishes");
    }
    return source;
  }

  private static Bounds bbox(String text) {
    String hint = "give bbox=west,south,east,north in degrees, e.g. bbox=-122.4,47.5,-122.2,47.7";
    if (text == null) {
      throw ApiError.badRequest("bbox is missing", hint);
    }
    try {
      List<Double> values = Arrays.stream(text.split(",", -1)).map(String::trim).map(Double::valueOf).toList();
      if (values.stream().anyMatch(v -> !Double.isFinite(v))) {
        throw new IllegalArgumentException("bbox values must be finite");
      }
      return Bounds.of(values);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("bbox '" + (text.length() <= 64 ? text : text.substring(0, 64) + "…")
          + "' is not a bbox: " + e.getMessage(), hint);
    }
  }

  private static int zoom(RoutingContext ctx, String name, int fallback) {
    String text = ctx.queryParams().get(name);
    if (text == null) {
      return fallback;
    }
    if (!text.matches("\\d{1,2}") || Integer.parseInt(text) > TileCoord.MAX_ZOOM) {
      throw ApiError.badRequest(name + " must be 0.." + TileCoord.MAX_ZOOM + ", was '"
          + (text.length() <= 8 ? text : text.substring(0, 8) + "…") + "'", "give a whole zoom level");
    }
    return Integer.parseInt(text);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
