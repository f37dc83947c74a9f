package io.tileserver.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A tile as caches hold it: the MVT bytes, their gzip variant (computed once, so a hit never
 * recompresses) and a strong ETag per encoding derived from the content.
 */
public record CachedTile(byte[] raw, byte[] gzip, String etag) {
  /** Fixed per-entry bookkeeping counted by the byte-bounded cache besides the payloads. */
  static final int OVERHEAD_BYTES = 160;

  public static CachedTile of(byte[] raw, byte[] gzip) {
    return new CachedTile(raw, gzip, contentHash(raw));
  }

  public boolean isEmpty() {
    return raw.length == 0;
  }

  /** The ETag for the identity encoding; the gzip variant's differs, as RFC 9110 §8.8.3 requires. */
  public String etag(boolean gzipped) {
    return "\"" + etag + (gzipped ? "-gz" : "") + "\"";
  }

  int weight() {
    return raw.length + (gzip == null ? 0 : gzip.length) + OVERHEAD_BYTES;
  }

  private static String contentHash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "CachedTile[" + raw.length + " bytes, etag " + etag + "]";
  }
}
