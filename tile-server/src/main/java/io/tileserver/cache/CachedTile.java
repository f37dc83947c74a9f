package io.tileserver.cache;

import io.netty.util.AsciiString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * A tile as caches hold it: the MVT bytes and their pre-compressed variants (computed once, so a hit
 * never recompresses; null when absent: too small to be worth it, not smaller than the raw bytes, or
 * brotli unavailable), the content hash every encoding's strong ETag derives from, and those ETags
 * pre-encoded for the response header (made once per tile, not once per hit).
 */
public final class CachedTile {
  /** Fixed per-entry bookkeeping counted by the byte-bounded cache besides the payloads. */
  static final int OVERHEAD_BYTES = 256;

  private final byte[] raw;
  private final byte[] gzip;
  private final byte[] brotli;
  private final String etag;
  private final AsciiString[] etags = new AsciiString[Encoding.values().length];

  /**
   * @param etag the content hash of {@code raw}; {@link #etag(Encoding)} makes the header value
   */
  public CachedTile(byte[] raw, byte[] gzip, byte[] brotli, String etag) {
    if (raw == null || etag == null) {
      throw new IllegalArgumentException("a cached tile needs its raw bytes and etag");
    }
    this.raw = raw;
    this.gzip = gzip;
    this.brotli = brotli;
    this.etag = etag;
    for (Encoding encoding : Encoding.values()) {
      etags[encoding.ordinal()] = new AsciiString("\"" + etag + encoding.etagSuffix() + "\"");
    }
  }

  public byte[] raw() {
    return raw;
  }

  public byte[] gzip() {
    return gzip;
  }

  public byte[] brotli() {
    return brotli;
  }

  /** The content hash of {@link #raw()}. */
  public String etag() {
    return etag;
  }

  /** A tile with a gzip variant only (null for none); the ETag is derived from {@code raw}. */
  public static CachedTile of(byte[] raw, byte[] gzip) {
    return of(raw, gzip, null);
  }

  public static CachedTile of(byte[] raw, byte[] gzip, byte[] brotli) {
    return new CachedTile(raw, gzip, brotli, contentHash(raw));
  }

  public boolean isEmpty() {
    return raw.length == 0;
  }

  /** The encodings this tile can be sent in; identity always. */
  public Set<Encoding> encodings() {
    Set<Encoding> present = EnumSet.of(Encoding.IDENTITY);
    if (gzip != null) {
      present.add(Encoding.GZIP);
    }
    if (brotli != null) {
      present.add(Encoding.BROTLI);
    }
    return present;
  }

  /** The body for {@code encoding}, or null when this tile has no such variant. */
  public byte[] body(Encoding encoding) {
    return switch (encoding) {
      case IDENTITY -> raw;
      case GZIP -> gzip;
      case BROTLI -> brotli;
    };
  }

  /** The quoted strong ETag of one encoding: {@code "<hash>"}, {@code "<hash>-gz"}, {@code "<hash>-br"}. */
  public String etag(Encoding encoding) {
    return etags[encoding.ordinal()].toString();
  }

  /** {@link #etag(Encoding)} as the response header writes it. */
  public CharSequence etagHeader(Encoding encoding) {
    return etags[encoding.ordinal()];
  }

  /** The ETag for the identity encoding, or for the gzip variant when {@code gzipped}. */
  public String etag(boolean gzipped) {
    return etag(gzipped ? Encoding.GZIP : Encoding.IDENTITY);
  }

  int weight() {
    return raw.length + length(gzip) + length(brotli) + OVERHEAD_BYTES;
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  static String contentHash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "CachedTile[" + raw.length + " bytes, " + encodings() + ", etag " + etag + "]";
  }
}
