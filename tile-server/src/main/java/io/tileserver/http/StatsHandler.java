package io.tileserver.http;

import io.tileserver.source.Deadline;
import io.tileserver.stats.AreaStats;
import io.tileserver.stats.StatsNotInstalledException;
import io.tileserver.tile.Bounds;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Function;

/**
 * Area statistics: {@code /api/stats/cities?state=&sort=&limit=}, {@code /api/stats/zips?bbox=&sort=&limit=}
 * and the first plan's {@code /api/stats/{state}} (a state's ten cities with the most listings).
 * Parameters are checked here; the answers come from {@link AreaStats}. They change only when the
 * views are refreshed, so shared caches may keep them a minute.
 */
final class StatsHandler {
  private static final String CACHE_CONTROL = "public, max-age=60";
  private static final int TOP_CITIES = 10;

  /** Null without a database: every answer is then a 404 saying so. */
  private final AreaStats stats;
  private final ClientLimits clients;
  private final int deadlineMs;

  StatsHandler(AreaStats stats, ClientLimits clients, int deadlineMs) {
    this.stats = stats;
    this.clients = clients;
    this.deadlineMs = deadlineMs;
  }

  void cities(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    String stateParam = params.get("state");
    String state = stateParam == null ? null : state(stateParam);
    AreaStats.Sort sort = AreaStats.citySort(params.get("sort") == null ? "-listings" : params.get("sort"))
        .orElseThrow(() -> ApiError.badRequest("sort must be one of listings, active, median_price, avg_price, city"
            + " (a leading - sorts descending), was '" + ApiError.abbreviate(params.get("sort")) + "'",
            "e.g. sort=-median_price"));
    int limit = IntParam.parse("limit", params.get("limit"), 50, 1, 500, "ask for at most 500 cities");
    answer(ctx, "cities", area -> area.cities(state, sort, limit, deadline()));
  }

  /** The first plan's endpoint: a state's ten cities with the most listings. */
  void state(RoutingContext ctx) {
    String state = state(ctx.pathParam("state"));
    answer(ctx, "cities", area -> area.cities(state, AreaStats.citySort("-listings").orElseThrow(), TOP_CITIES,
        deadline()));
  }

  void zips(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    Bounds bounds = params.get("bbox") == null ? null : bbox(params.get("bbox"));
    AreaStats.Sort sort = AreaStats.zipSort(params.get("sort") == null ? "zip" : params.get("sort"))
        .orElseThrow(() -> ApiError.badRequest("sort must be one of listings, active, median_price,"
            + " median_price_per_sqft, zip (a leading - sorts descending), was '"
            + ApiError.abbreviate(params.get("sort")) + "'", "e.g. sort=-median_price"));
    int limit = IntParam.parse("limit", params.get("limit"), 100, 1, 1000, "ask for at most 1000 ZIP areas");
    answer(ctx, "zips", area -> area.zips(bounds, sort, limit, deadline()));
  }

  private void answer(RoutingContext ctx, String what, Function<AreaStats, Future<JsonObject>> query) {
    if (stats == null) {
      throw ApiError.notFound("area statistics come from the database's statistics views, and this server has"
          + " no database", "serve with a database (database.url) migrated by tile-server migrate");
    }
    Future<JsonObject> answer = query.apply(stats);
    clients.uncachedWork(ctx.request()).compose(v -> answer)
        .recover(e -> Future.failedFuture(e instanceof StatsNotInstalledException missing
            ? ApiError.notFound(missing.getMessage(), "area statistics need this server's schema")
            : e))
        .onSuccess(json -> {
          ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
              .putHeader("Surrogate-Key", "stats stats-" + what);
          ctx.json(json);
        })
        .onFailure(e -> ErrorResponder.send(ctx, e));
  }

  private Deadline deadline() {
    return Deadline.after(System.nanoTime(), deadlineMs);
  }

  private static String state(String text) {
    if (!text.matches("[A-Za-z]{2}")) {
      throw ApiError.badRequest("state must be a two-letter code, was '" + ApiError.abbreviate(text) + "'",
          "e.g. /api/stats/WA or ?state=WA");
    }
    return text.toUpperCase(Locale.ROOT);
  }

  /** The box as the listings API reads it; across the antimeridian is refused, as the view's envelope cannot hold it. */
  private static Bounds bbox(String text) {
    ViewportBbox box = ViewportBbox.parse(text);
    if (box.west() > box.east()) {
      throw ApiError.badRequest("bbox west (" + box.west() + ") is east of its east (" + box.east() + ")",
          "ZIP areas are searched west to east; send two boxes on either side of the antimeridian");
    }
    return new Bounds(box.west(), box.south(), box.east(), box.north());
  }
}
