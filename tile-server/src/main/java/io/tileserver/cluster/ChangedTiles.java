package io.tileserver.cluster;

import io.tileserver.tile.TileCoord;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The tiles one applied {@link ChangeBatch} changed: for every changed point, the tile holding its
 * old position and the one holding its new position at each zoom from 0 to the reporting max zoom —
 * exactly the tiles whose content (clusters under any filter, or listings) can differ. Kept as
 * sorted, distinct packed longs ({@link #pack}: zoom, x, y), zoom by zoom, so a cache can drop
 * exactly these. An update that changes nothing the index keeps reports no tile. Immutable.
 */
public final class ChangedTiles {
  /** Deepest zoom a packed key holds (x and y take 29 bits each). */
  public static final int MAX_ZOOM = 29;

  private final long[] tiles;
  private final int points;
  private final long version;

  private ChangedTiles(long[] tiles, int points, long version) {
    this.tiles = tiles;
    this.points = points;
    this.version = version;
  }

  static ChangedTiles none(long version) {
    return new ChangedTiles(new long[0], 0, version);
  }

  /** The tiles of {@code n} Morton keys (old and new positions) of {@code points} changed points. */
  static ChangedTiles of(long[] keys, int n, int maxZoom, int points, long version) {
    long[] out = new long[n * (maxZoom + 1)];
    int w = 0;
    for (int i = 0; i < n; i++) {
      int x = MortonKey.x(keys[i]);
      int y = MortonKey.y(keys[i]);
      for (int z = 0; z <= maxZoom; z++) {
        out[w++] = pack(z, x >>> (MortonKey.BITS - z), y >>> (MortonKey.BITS - z));
      }
    }
    Arrays.sort(out);
    int distinct = 0;
    for (int i = 0; i < out.length; i++) {
      if (i == 0 || out[i] != out[i - 1]) {
        out[distinct++] = out[i];
      }
    }
    return new ChangedTiles(Arrays.copyOf(out, distinct), points, version);
  }

  /** {@code z · 2^58 + x · 2^29 + y}; ordered by zoom, then x, then y. */
  public static long pack(int z, int x, int y) {
    if (z < 0 || z > MAX_ZOOM) {
      throw new IllegalArgumentException("z must be 0.." + MAX_ZOOM + ", was " + z);
    }
    return (long) z << 58 | (long) x << 29 | y;
  }

  public static TileCoord unpack(long packed) {
    return new TileCoord((int) (packed >>> 58), (int) (packed >>> 29) & ((1 << 29) - 1),
        (int) packed & ((1 << 29) - 1));
  }

  /** Number of tiles. */
  public int size() {
    return tiles.length;
  }

  public boolean isEmpty() {
    return tiles.length == 0;
  }

  /** Points the batch really changed (inserted, moved, altered or removed). */
  public int changedPoints() {
    return points;
  }

  /** The index's data version once the batch was applied ({@link ClusterSnapshot#version()}). */
  public long version() {
    return version;
  }

  /** The {@code i}-th tile, packed; ascending in {@code i}. */
  public long packed(int i) {
    return tiles[i];
  }

  public TileCoord tile(int i) {
    return unpack(tiles[i]);
  }

  public boolean contains(TileCoord tile) {
    return tile.z() <= MAX_ZOOM && Arrays.binarySearch(tiles, pack(tile.z(), tile.x(), tile.y())) >= 0;
  }

  public void forEach(Consumer<TileCoord> action) {
    for (long t : tiles) {
      action.accept(unpack(t));
    }
  }

  @Override
  public String toString() {
    return tiles.length + " tiles of " + points + " changed points (v" + version + ")";
  }
}
