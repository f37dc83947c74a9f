package io.tileserver.archive;

/** How an archive's tile bytes are compressed as stored (PMTiles' tile_compression; MBTiles' gzip). */
public enum TileCompression {
  NONE,
  GZIP,
  BROTLI,
  ZSTD
}
