package io.tileserver.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/** Every route of the server, in one table. Handlers are thin; nothing else adds routes. */
final class TileRoutes {
  private TileRoutes() {}

  /**
   * @param martinRoutes also Martin's paths: {@code /{ids}}, {@code /{ids}/{z}/{x}/{y}},
   *     {@code /_/metrics}, {@code /font/…}, {@code /sprite/…}, {@code /sdf_sprite/…} and {@code /style/…}
   */
  static void mount(Router router, OpsHandler ops, MetadataHandler metadata, TileHandler tiles,
      ClusterHandler clusters, SearchHandler search, StatsHandler stats, PlanViewportHandler viewport,
      MapResources.Handlers map, AdminHandler admin, boolean martinRoutes) {
    get(router, "/health").handler(ops::health);
    get(router, "/ready").handler(ops::ready);
    get(router, "/metrics").handler(ops::metrics);
    get(router, "/catalog").handler(ctx -> metadata.catalog(ctx, map.catalog()));
    // /tiles/{z}/{x}/{y}.pbf and /tiles/{ids}/{z}/{x}/{y}.pbf, matched without regular expressions.
    get(router, "/tiles/*").handler(tiles::serve);
    get(router, "/tiles/:ids.json").handler(metadata::tileJson);
    get(router, "/tiles/:source/clusters/:id").handler(clusters::cluster);
    get(router, "/tiles/:source/clusters/:id/leaves").handler(clusters::leaves);
    get(router, "/api/properties/viewport").handler(viewport::viewport);
    get(router, "/api/:source/listings").handler(search::listings);
    get(router, "/api/:source/stats").handler(search::stats);
    get(router, "/api/stats/cities").handler(stats::cities);
    get(router, "/api/stats/zips").handler(stats::zips);
    get(router, "/api/stats/:state").handler(stats::state);
    get(router, "/styles/:name.json").handler(map.styles()::style);
    get(router, "/sprites/:file").handler(map.styles()::sprite);
    get(router, "/sprites/sdf/:file").handler(map.styles()::sdfSprite);
    get(router, "/fonts/:stack/:range").handler(map.fonts()::range);
    get(router, "/").handler(map.viewer()::page);
    get(router, "/viewer/*").handler(map.viewer()::assets);
    // 404 when admin is disabled, 401 without the token; then the admin routes.
    router.route("/admin/*").handler(admin::authorize);
    post(router, "/admin/purge/:source").handler(admin::purgeSource);
    post(router, "/admin/purge/:source/bbox").handler(admin::purgeBbox);
    post(router, "/admin/purge/:source/:z/:x/:y").handler(admin::purgeTile);
    get(router, "/admin/cache").handler(admin::stats);
    if (martinRoutes) {
      // After every route of our own, so /catalog, /health and the rest stay ours.
      get(router, "/_/metrics").handler(ops::metrics);
      get(router, "/font/:stack/:range").handler(map.fonts()::range);
      get(router, "/sprite/:file").handler(map.styles()::sprite);
      get(router, "/sdf_sprite/:file").handler(map.styles()::sdfSprite);
      get(router, "/style/:name").handler(map.styles()::style);
      get(router, "/:ids/:z/:x/:y").handler(tiles::serve);
      get(router, "/:ids").handler(metadata::martinTileJson);
    }

    router.route().failureHandler(ErrorResponder::handleFailure);
    // Every route but the admin purges is GET/HEAD, so another method is 405 wherever it is sent.
    router.route().last().handler(ctx -> ctx.fail(
        ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD ? 404 : 405));
  }

  private static io.vertx.ext.web.Route get(Router router, String path) {
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  private static io.vertx.ext.web.Route post(Router router, String path) {
    return router.route(path).method(HttpMethod.POST);
  }
}
