package io.tileserver.config;

/**
 * How data changes retire cached tiles. A change names tiles (a point: one per zoom; a polygon: the
 * tiles its bbox covers); each named tile gets a new version, so every filtered variant of it is
 * retired at once in L1, L2 and at the CDN without enumerating the variants. Past the limits below
 * the whole source's version is bumped instead: cheaper than tracking a tile set that large, and
 * every tile is then rebuilt on demand.
 *
 * @param maxTiles a change naming more tiles than this bumps the source's version
 * @param maxTrackedTiles tiles with their own version kept per source; past it the source's version
 *     is bumped (which clears the set)
 */
public record InvalidationConfig(Integer maxTiles, Integer maxTrackedTiles) {
  public InvalidationConfig {
    maxTiles = maxTiles == null ? 10_000 : maxTiles;
    InvalidValue.require(maxTiles >= 1, "max-tiles", "must be >= 1, was " + maxTiles);
    maxTrackedTiles = maxTrackedTiles == null ? 200_000 : maxTrackedTiles;
    InvalidValue.require(maxTrackedTiles >= maxTiles, "max-tracked-tiles",
        "must be >= max-tiles (" + maxTiles + "), was " + maxTrackedTiles);
  }
}
