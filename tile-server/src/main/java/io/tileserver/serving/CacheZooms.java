package io.tileserver.serving;

import io.tileserver.config.SourceConfig;
import io.tileserver.source.TileSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which zooms of which sources are cached at all ({@code sources.<id>.cache-minzoom/-maxzoom}): a
 * source whose deep tiles are cheap and rarely asked twice can keep them out of both levels. A
 * composite is cached only where all its sources allow it.
 */
public final class CacheZooms {
  /** Every zoom of every source (the global {@code cache.minzoom/maxzoom} still apply). */
  public static final CacheZooms ALL = new CacheZooms(Map.of());

  private final Map<String, int[]> ranges;

  private CacheZooms(Map<String, int[]> ranges) {
    this.ranges = ranges;
  }

  public static CacheZooms of(Map<String, SourceConfig> sources) {
    Map<String, int[]> ranges = new HashMap<>();
    sources.forEach((id, config) -> {
      if (config.cacheMinzoom() != null || config.cacheMaxzoom() != null) {
        ranges.put(id, new int[] {
          config.cacheMinzoom() == null ? 0 : config.cacheMinzoom(),
          config.cacheMaxzoom() == null ? Integer.MAX_VALUE : config.cacheMaxzoom()});
      }
    });
    return ranges.isEmpty() ? ALL : new CacheZooms(Map.copyOf(ranges));
  }

  public boolean allows(List<TileSource> sources, int zoom) {
    for (TileSource source : sources) {
      int[] range = ranges.get(source.id());
      if (range != null && (zoom < range[0] || zoom > range[1])) {
        return false;
      }
    }
    return true;
  }
}
