package io.tileserver.archive;

import java.io.IOException;

/**
 * A file of stored tiles (MBTiles, PMTiles), read by XYZ coordinates (y counted from the north).
 * Reads are blocking and safe from several threads at once; callers run them off the event loop.
 */
public interface TileArchive extends AutoCloseable {
  /** The tile's bytes as stored (compressed as {@link ArchiveMetadata#tileCompression()} says), or null when absent. */
  byte[] tile(int z, int x, int y) throws IOException;

  /** What the file says about itself, read once when it was opened. */
  ArchiveMetadata metadata();

  @Override
  void close() throws IOException;
}
