package io.tileserver.config;

import java.util.List;

/**
 * One {@code Cache-Control} policy for a zoom range, as CDNs read it: {@code max-age} for browsers,
 * {@code s-maxage} for shared caches (nginx, CloudFront, Fastly and Cloudflare prefer it to
 * {@code max-age}), {@code stale-while-revalidate} and {@code stale-if-error} (RFC 5861) so an edge
 * keeps answering while it refetches or while the origin fails. Low zooms change little per tile
 * and are requested most, so they usually get longer lifetimes than high zooms.
 *
 * @param zooms {@code [min, max]}, inclusive; absent means every zoom
 * @param maxAge seconds browsers keep the tile
 * @param sMaxage seconds shared caches keep it (absent: they use {@code max-age})
 */
public record CacheRule(List<Integer> zooms, Integer maxAge, Integer sMaxage, Integer staleWhileRevalidate,
    Integer staleIfError) {
  public CacheRule {
    zooms = zooms == null ? List.of(0, 30) : List.copyOf(zooms);
    InvalidValue.require(zooms.size() == 2 && zooms.get(0) >= 0 && zooms.get(1) <= 30 && zooms.get(0) <= zooms.get(1),
        "zooms", "must be [min, max] within 0..30 with min <= max, was " + zooms);
    InvalidValue.require(maxAge != null && maxAge >= 0, "max-age", "must be set, >= 0 seconds, was " + maxAge);
    InvalidValue.require(sMaxage == null || sMaxage >= 0, "s-maxage", "must be >= 0 seconds, was " + sMaxage);
    InvalidValue.require(staleWhileRevalidate == null || staleWhileRevalidate >= 0, "stale-while-revalidate",
        "must be >= 0 seconds, was " + staleWhileRevalidate);
    InvalidValue.require(staleIfError == null || staleIfError >= 0, "stale-if-error",
        "must be >= 0 seconds, was " + staleIfError);
  }

  public boolean covers(int zoom) {
    return zoom >= zooms.get(0) && zoom <= zooms.get(1);
  }

  /** The header value, e.g. {@code public, max-age=3600, s-maxage=86400, stale-while-revalidate=60}. */
  public String header() {
    StringBuilder out = new StringBuilder("public, max-age=").append(maxAge);
    if (sMaxage != null) {
      out.append(", s-maxage=").append(sMaxage);
    }
    if (staleWhileRevalidate != null) {
      out.append(", stale-while-revalidate=").append(staleWhileRevalidate);
    }
    if (staleIfError != null) {
      out.append(", stale-if-error=").append(staleIfError);
    }
    return out.toString();
  }

  /** The first rule of {@code rules} covering {@code zoom}, or null. */
  public static CacheRule find(List<CacheRule> rules, int zoom) {
    for (CacheRule rule : rules) {
      if (rule.covers(zoom)) {
        return rule;
      }
    }
    return null;
  }
}
