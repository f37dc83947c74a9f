package io.tileserver.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** {@code /health} (the process answers), {@code /ready} (it can serve tiles) and {@code /metrics}. */
final class OpsHandler {
  private final Supplier<Future<JsonObject>> readiness;
  private final PrometheusMeterRegistry prometheus;

  /**
   * @param readiness completes with details when ready, fails with a reason when not
   */
  OpsHandler(Supplier<Future<JsonObject>> readiness, PrometheusMeterRegistry prometheus) {
    this.readiness = readiness;
    this.prometheus = prometheus;
  }

  void health(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.json(new JsonObject().put("status", "ok"));
  }

  void ready(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    readiness.get()
        .onSuccess(details -> ctx.json(details.put("status", "ready")))
        .onFailure(reason -> ctx.response().setStatusCode(503)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .end(new JsonObject().put("status", "not_ready").put("reason", reason.getMessage()).encode()));
  }

  void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(prometheus.scrape());
  }
}
