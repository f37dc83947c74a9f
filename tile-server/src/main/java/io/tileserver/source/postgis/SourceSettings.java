package io.tileserver.source.postgis;

import io.tileserver.config.ConfigException;
import io.tileserver.config.ServerConfig.AutoPublishConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.tile.Bounds;

/**
 * Settings table and function sources share, with their defaults: zoom range 0..30 (any tile a
 * client asks for, as Martin does; set maxzoom to let clients overzoom instead) and the config's
 * bounds, checked. A discovered source uses {@link #DEFAULTS}, a config entry with every key unset.
 */
final class SourceSettings {
  static final int DEFAULT_MINZOOM = 0;
  static final int DEFAULT_MAXZOOM = 30;
  static final SourceConfig DEFAULTS = new SourceConfig(null, null, null, null, null, null, null, null, null, null, null,
      null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  private SourceSettings() {}

  /** The settings of a published table: {@link #DEFAULTS} with auto-publish's extent, buffer and clipping. */
  static SourceConfig published(AutoPublishConfig auto) {
    if (auto == null || (auto.extent() == null && auto.buffer() == null && auto.clip() == null)) {
      return DEFAULTS;
    }
    return new SourceConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
        auto.extent(), auto.buffer(), auto.clip(), null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  static int minzoom(SourceConfig config) {
    return config.minzoom() != null ? config.minzoom() : DEFAULT_MINZOOM;
  }

  /** The maxzoom, checked against the minzoom (the config record checks only when both are set). */
  static int maxzoom(String key, SourceConfig config) {
    int maxzoom = config.maxzoom() != null ? config.maxzoom() : DEFAULT_MAXZOOM;
    if (minzoom(config) > maxzoom) {
      throw new ConfigException(key + ".minzoom: must not exceed maxzoom (" + maxzoom + "), was " + minzoom(config));
    }
    return maxzoom;
  }

  /** The configured bounds, or null when unset. */
  static Bounds bounds(String key, SourceConfig config) {
    if (config.bounds() == null) {
      return null;
    }
    try {
      return Bounds.of(config.bounds());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ".bounds: " + e.getMessage());
    }
  }
}
