package io.tileserver.cache;

import io.tileserver.cache.SourceVersions.Change;
import io.tileserver.tile.TileCoord;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the messages {@link RedisVersionStore}'s scripts publish: {@code B <version> <source>} and
 * {@code T <version> <source> <z/x/y>,<z/x/y>...}. Anything else is rejected, so a stray publisher
 * on the channel cannot corrupt versions.
 */
final class InvalidationMessages {
  private InvalidationMessages() {}

  static Change parse(String message) {
    String[] parts = message.split(" ", 4);
    if (parts.length < 3 || !(parts[0].equals("B") || parts[0].equals("T"))) {
      throw new IllegalArgumentException("not an invalidation message: " + abbreviate(message));
    }
    long version = Long.parseLong(parts[1]);
    if (parts[0].equals("B")) {
      return new Change(parts[2], version, null);
    }
    if (parts.length < 4) {
      throw new IllegalArgumentException("tile invalidation without tiles: " + abbreviate(message));
    }
    List<TileCoord> tiles = new ArrayList<>();
    for (String coord : parts[3].split(",")) {
      tiles.add(coord(coord));
    }
    return new Change(parts[2], version, tiles);
  }

  /** {@code z/x/y} as {@link TileCoord#toString()} writes it. */
  static TileCoord coord(String text) {
    String[] zxy = text.split("/");
    if (zxy.length != 3) {
      throw new IllegalArgumentException("not a z/x/y tile: " + abbreviate(text));
    }
    return new TileCoord(Integer.parseInt(zxy[0]), Integer.parseInt(zxy[1]), Integer.parseInt(zxy[2]));
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
