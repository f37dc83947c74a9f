package io.tileserver.source;

import io.tileserver.cache.Encoding;
import java.util.regex.Pattern;

/**
 * A tile as a source hands it over: its bytes (MVT or an image); from a source that stores tiles
 * compressed (an MBTiles or PMTiles archive of gzip tiles), the stored bytes in their coding, which
 * clients taking that coding are sent as they are instead of compressing the tile again; and the
 * source's own name for this content when it has one (a function's key column, which Martin sends as
 * the ETag).
 *
 * @param stored the stored bytes in {@code storedEncoding}, or null
 * @param etag the tile's entity tag without quotes, or null to derive one from the content
 */
public record SourceTile(byte[] raw, Encoding storedEncoding, byte[] stored, String etag) {
  /** What an entity tag may hold (RFC 9110 §8.8.3, visible ASCII but the quote), bounded in length. */
  private static final Pattern ETAG = Pattern.compile("[\\x21\\x23-\\x7E]{1,128}");

  /** A tile the source made, with nothing stored compressed. */
  public static SourceTile of(byte[] raw) {
    return new SourceTile(raw, null, null, null);
  }

  /** A tile with the source's own tag; a tag no ETag may carry is dropped (the content's is used). */
  public static SourceTile tagged(byte[] raw, String etag) {
    return new SourceTile(raw, null, null, etag != null && ETAG.matcher(etag).matches() ? etag : null);
  }
}
