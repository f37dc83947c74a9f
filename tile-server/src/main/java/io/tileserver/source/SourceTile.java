package io.tileserver.source;

import io.tileserver.cache.Encoding;

/**
 * A tile as a source hands it over: its bytes (MVT or an image), and, from a source that stores tiles
 * compressed (an MBTiles or PMTiles archive of gzip tiles), the stored bytes in their coding, which
 * clients taking that coding are sent as they are instead of compressing the tile again.
 *
 * @param stored the stored bytes in {@code storedEncoding}, or null
 */
public record SourceTile(byte[] raw, Encoding storedEncoding, byte[] stored) {
  /** A tile the source made, with nothing stored compressed. */
  public static SourceTile of(byte[] raw) {
    return new SourceTile(raw, null, null);
  }
}
