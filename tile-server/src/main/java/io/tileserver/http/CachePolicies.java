package io.tileserver.http;

import io.tileserver.config.CacheRule;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.source.TileSource;
import io.tileserver.tile.TileCoord;
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
  private final String[] server;
  private final Map<String, String[]> bySource = new HashMap<>();
  private final String immutable;

  CachePolicies(ServerConfig config) {
    this.server = byZoom(config.server().cache(), config.server().cacheControl());
    this.immutable = config.server().immutableCacheControl();
    config.sources().forEach((id, source) -> bySource.put(id, forSource(source, config)));
  }

  private String[] forSource(SourceConfig source, ServerConfig config) {
    String[] fallback = source.cacheControl() != null ? byZoom(List.of(), source.cacheControl()) : server;
    String[] out = new String[TileCoord.MAX_ZOOM + 1];
    for (int z = 0; z <= TileCoord.MAX_ZOOM; z++) {
      CacheRule own = CacheRule.find(source.cache(), z);
      out[z] = own != null ? own.header() : fallback[z];
    }
    return out;
  }

  private static String[] byZoom(List<CacheRule> rules, String fallback) {
    String[] out = new String[TileCoord.MAX_ZOOM + 1];
    for (int z = 0; z <= TileCoord.MAX_ZOOM; z++) {
      CacheRule rule = CacheRule.find(rules, z);
      out[z] = rule != null ? rule.header() : fallback;
    }
    return out;
  }

  String header(List<TileSource> sources, int zoom, boolean currentVersion) {
    if (currentVersion) {
      return immutable;
    }
    if (sources.size() == 1) {
      String[] own = bySource.get(sources.get(0).id());
      if (own != null) {
        return own[zoom];
      }
    }
    return server[zoom];
  }
}
