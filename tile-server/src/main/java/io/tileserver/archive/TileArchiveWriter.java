package io.tileserver.archive;

import java.io.IOException;

/**
 * Writes tiles into a new (or, where the format allows, a partly written) archive. Tiles may be
 * added from several threads and in any order; {@link #finish} writes the metadata and makes the
 * file complete.
 */
public interface TileArchiveWriter extends AutoCloseable {
  /** Stores {@code bytes} (compressed as the writer was told) at XYZ {@code z/x/y}. */
  void write(int z, int x, int y, byte[] bytes) throws IOException;

  /** True when the file already holds tile z/x/y (a resumed copy skips it). */
  boolean contains(int z, int x, int y) throws IOException;

  /** Writes {@code metadata} and completes the file; no write may follow. */
  void finish(ArchiveMetadata metadata) throws IOException;

  @Override
  void close() throws IOException;
}
