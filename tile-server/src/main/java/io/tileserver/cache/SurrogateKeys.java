package io.tileserver.cache;

import io.tileserver.tile.TileCoord;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a CDN can purge tiles by ({@code Surrogate-Key} for Fastly, {@code Cache-Tag} for
 * Cloudflare): {@code src:<id>} for every tile of a source, {@code tile:<id>/<z>/<x>/<y>} for one
 * tile in all its filtered variants and versions. A composite tile carries the names of each of its
 * sources, so purging one source's tile also purges the composites that contain it.
 */
public final class SurrogateKeys {
  private SurrogateKeys() {}

  public static String source(String source) {
    return "src:" + source;
  }

  public static String tile(String source, TileCoord coord) {
    return "tile:" + source + "/" + coord.z() + "/" + coord.x() + "/" + coord.y();
  }

  /** Every key of a tile of {@code sources}: each source's name, then each source's tile name. */
  public static List<String> of(List<String> sources, TileCoord coord) {
    List<String> keys = new ArrayList<>(sources.size() * 2);
    for (String source : sources) {
      keys.add(source(source));
    }
    for (String source : sources) {
      keys.add(tile(source, coord));
    }
    return keys;
  }
}
