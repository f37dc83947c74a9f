package io.tileserver.http;

import io.tileserver.config.CacheRule;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.source.TileSource;
import io.tileserver.tile.TileCoord;
import io.vertx.core.http.HttpHeaders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Cache-Control} of a tile response, resolved once per source and zoom at start. A single
 * source's tile takes, in order: its own {@code cache} rule for the zoom, its own
 * {@code cache-control}, the server's {@code cache} rule, the server's {@code cache-control}. A
 * composite takes the server's policy (its sources may disagree, and the server's is the one
 * written for mixed content). A request carrying its sources' current data version ({@code ?v=})
 * gets {@code server.immutable-cache-control} instead: that URL's bytes never change.
 */
final class CachePolicies {
  // Pre-encoded (AsciiString) so a response copies the bytes instead of encoding each character.
  private final CharSequence[] server;
  private final Map<String, CharSequence[]> bySource = new HashMap<>();
  private final CharSequence immutable;

  CachePolicies(ServerConfig config) {
    this.server = byZoom(config.server().cache(), config.server().cacheControl());
    this.immutable = HttpHeaders.createOptimized(config.server().immutableCacheControl());
    config.sources().forEach((id, source) -> bySource.put(id, forSource(source, config)));
  }

  private CharSequence[] forSource(SourceConfig source, ServerConfig config) {
    CharSequence[] fallback = source.cacheControl() != null ? byZoom(List.of(), source.cacheControl()) : server;
    CharSequence[] out = new CharSequence[TileCoord.MAX_ZOOM + 1];
    for (int z = 0; z <= TileCoord.MAX_ZOOM; z++) {
      CacheRule own = CacheRule.find(source.cache(), z);
      out[z] = own != null ? HttpHeaders.createOptimized(own.header()) : fallback[z];
    }
    return out;
  }

  private static CharSequence[] byZoom(List<CacheRule> rules, String fallback) {
    CharSequence[] out = new CharSequence[TileCoord.MAX_ZOOM + 1];
    CharSequence encodedFallback = HttpHeaders.createOptimized(fallback);
    for (int z = 0; z <= TileCoord.MAX_ZOOM; z++) {
      CacheRule rule = CacheRule.find(rules, z);
      out[z] = rule != null ? HttpHeaders.createOptimized(rule.header()) : encodedFallback;
    }
    return out;
  }

  CharSequence header(List<TileSource> sources, int zoom, boolean currentVersion) {
    if (currentVersion) {
      return immutable;
    }
    if (sources.size() == 1) {
      CharSequence[] own = bySource.get(sources.get(0).id());
      if (own != null) {
        return own[zoom];
      }
    }
    return server[zoom];
  }
}
