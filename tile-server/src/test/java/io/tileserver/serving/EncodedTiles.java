package io.tileserver.serving;

import io.tileserver.cache.CachedTile;
import io.tileserver.cache.Encoding;

/** Tiles for cache tests: tile-like bytes, and tiles carrying every variant. */
public final class EncodedTiles {
  private EncodedTiles() {}

  /** Tile-like bytes: repeated structure with varying numbers, as MVT features are. */
  public static byte[] tileLikeBytes(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i % 7 == 0 ? 0x12 : (i * 31 / 7) % 97);
    }
    return bytes;
  }

  /** A tile of {@code raw} with its gzip and brotli variants, made on the calling thread. */
  public static CachedTile withEveryVariant(byte[] raw) {
    CachedTile tile = CachedTile.of(raw);
    tile.made(Encoding.GZIP, CachedTile.Effort.BEST, Gzip.compress(raw, CachedTile.Effort.BEST));
    tile.made(Encoding.BROTLI, CachedTile.Effort.BEST, Brotli.compress(raw, CachedTile.Effort.BEST));
    return tile;
  }
}
