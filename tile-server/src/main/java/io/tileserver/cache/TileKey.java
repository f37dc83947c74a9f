package io.tileserver.cache;

import io.tileserver.tile.TileCoord;

/**
 * A tile's identity in every cache layer: which sources (the comma list as requested, normalized),
 * where, and with which filters (canonical form). Encodings live inside the cached value.
 */
public record TileKey(String sources, TileCoord coord, String filters) {
  @Override
  public String toString() {
    return sources + "/" + coord + (filters.isEmpty() ? "" : "?" + filters);
  }
}
