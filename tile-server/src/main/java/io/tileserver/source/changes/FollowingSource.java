package io.tileserver.source.changes;

import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.TileCover;
import io.tileserver.tile.WebMercator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A source that retires tiles when a followed table changes, and which tiles: for each changed box,
 * at every zoom of the source's range, the tiles the box touches once widened by the source's
 * buffer (a feature that close to a neighbouring tile is drawn in that tile's buffer too).
 *
 * @param buffer the source's buffer as a fraction of a tile's width ({@code buffer / extent})
 */
record FollowingSource(String id, int minzoom, int maxzoom, double buffer) {

  /** The tiles {@code boxes} touch, or empty when they are more than {@code maxTiles} (bump instead). */
  Optional<List<TileCoord>> tiles(Collection<Bounds> boxes, int maxTiles) {
    long count = 0;
    for (Bounds box : boxes) {
      for (int z = minzoom; z <= maxzoom; z++) {
        count += TileCover.count(widened(box, z), z, z);
        if (count > maxTiles) {
          return Optional.empty();
        }
      }
    }
    LinkedHashSet<TileCoord> tiles = new LinkedHashSet<>();
    for (Bounds box : boxes) {
      for (int z = minzoom; z <= maxzoom; z++) {
        tiles.addAll(TileCover.tiles(widened(box, z), z, z));
      }
    }
    return Optional.of(new ArrayList<>(tiles));
  }

  /** {@code box} grown by the buffer of a tile at zoom {@code z} on every side, within the world. */
  Bounds widened(Bounds box, int z) {
    if (buffer == 0) {
      return box;
    }
    double margin = buffer / (1L << z);
    double west = WebMercator.lon(Math.max(0, WebMercator.x(box.west()) - margin));
    double east = WebMercator.lon(Math.min(1, WebMercator.x(box.east()) + margin));
    double north = WebMercator.lat(Math.max(0, WebMercator.y(box.north()) - margin));
    double south = WebMercator.lat(Math.min(1, WebMercator.y(box.south()) + margin));
    return new Bounds(west, south, east, north);
  }
}
