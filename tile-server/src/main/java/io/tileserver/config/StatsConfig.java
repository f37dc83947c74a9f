package io.tileserver.config;

import java.util.List;

/**
 * The area statistics views ({@code city_stats}, {@code zip_stats}) behind {@code /api/stats/…}.
 *
 * @param refreshSeconds how often they are refreshed ({@code REFRESH MATERIALIZED VIEW CONCURRENTLY},
 *     one instance at a time); 0, the default, never: a refresh writes, and the views then keep what
 *     the migration or an operator's refresh put in them
 * @param sources tile sources drawn from these views (the sample's {@code zip_prices}): their version
 *     moves after every refresh, so caches and the CDN drop their tiles
 */
public record StatsConfig(Integer refreshSeconds, List<String> sources) {
  public StatsConfig {
    refreshSeconds = refreshSeconds == null ? 0 : refreshSeconds;
    InvalidValue.require(refreshSeconds == 0 || refreshSeconds >= 10, "refresh-seconds",
        "must be 0 (never) or at least 10, was " + refreshSeconds);
    sources = sources == null ? List.of() : List.copyOf(sources);
  }
}
