package io.tileserver.http;

import io.tileserver.cluster.ListingStats;
import io.tileserver.source.cluster.ClusterSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;

/** The JSON body of {@code /api/{source}/stats}. */
final class StatsJson {
  private StatsJson() {}

  static JsonObject of(ClusterSource source, ListingStats.Stats stats, long version) {
    ListingStats.Prices p = stats.price();
    JsonObject price = p == null ? null : new JsonObject().put("min", p.min()).put("p10", p.p10())
        .put("median", p.median()).put("p90", p.p90()).put("max", p.max());
    JsonArray edges = new JsonArray();
    for (int edge : source.priceEdges().lower()) {
      edges.add(edge);
    }
    JsonArray counts = new JsonArray();
    for (long count : stats.histogram()) {
      counts.add(count);
    }
    JsonObject bedrooms = new JsonObject();
    stats.byBedrooms().forEach((beds, count) -> bedrooms.put(Integer.toString(beds), count));
    return new JsonObject()
        .put("source", source.id())
        .put("version", version)
        .put("count", stats.count())
        .put("price", price)
        .put("histogram", new JsonObject().put("edges", edges).put("counts", counts))
        .put("by_type", new JsonObject(new LinkedHashMap<>(stats.byType())))
        .put("by_status", new JsonObject(new LinkedHashMap<>(stats.byStatus())))
        .put("by_bedrooms", bedrooms)
        .put("median_price_per_sqft", stats.medianPricePerSqft());
  }
}
