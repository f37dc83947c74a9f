package io.tileserver.cache;

import io.tileserver.tile.TileCoord;

/**
 * A tile's identity in every cache layer (DESIGN.md §Tile identity): which sources (the comma list as
 * requested, normalized), the data version they were built from, where, and with which filters
 * (canonical form). Encodings live inside the cached value.
 *
 * @param version the sources' data version; 0 until sources report one. A new version makes new
 *     keys, so tiles of older data are never served and age out of the caches.
 */
public record TileKey(String sources, TileCoord coord, String filters, long version) {
  public TileKey {
    if (sources == null || coord == null || filters == null) {
      throw new IllegalArgumentException("a tile key needs sources, coord and filters (empty for none)");
    }
  }

  /** A key of data version 0. */
  public TileKey(String sources, TileCoord coord, String filters) {
    this(sources, coord, filters, 0);
  }

  /** The same tile at any data version: what a stale copy is kept under. */
  public TileKey unversioned() {
    return version == 0 ? this : new TileKey(sources, coord, filters, 0);
  }

  /** True when {@code source} is one of this tile's sources. */
  public boolean includesSource(String source) {
    for (String id : sources.split(",")) {
      if (id.equals(source)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return sources + "/" + coord + (version == 0 ? "" : "@v" + version) + (filters.isEmpty() ? "" : "?" + filters);
  }
}
