package io.tileserver.cache;

import io.netty.util.AsciiString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A tile as caches hold it: the MVT bytes, the content hash every encoding's strong ETag derives from
 * (with the ETags pre-encoded for the response header, made once per tile, not once per hit), and
 * its compressed variants, each made at most once, when a client first asks for it. A miss
 * compresses only what its client takes; compressing every encoding there cost a cold tile more than
 * its query (bench/README.md). A variant is absent when it is not worth sending (too small, not
 * smaller than the raw bytes, brotli unavailable) and unknown until made.
 */
public final class CachedTile {
  /** Fixed per-entry bookkeeping counted by the byte-bounded cache besides the payloads. */
  static final int OVERHEAD_BYTES = 256;
  /** A variant that was made and is not worth sending. */
  private static final byte[] NOT_WORTH_IT = new byte[0];

  private final byte[] raw;
  private final String etag;
  private final AtomicReferenceArray<byte[]> variants = new AtomicReferenceArray<>(Encoding.values().length);
  private final AsciiString[] etags = new AsciiString[Encoding.values().length];

  /**
   * @param etag the content hash of {@code raw}; {@link #etag(Encoding)} makes the header value
   */
  public CachedTile(byte[] raw, String etag) {
    if (raw == null || etag == null) {
      throw new IllegalArgumentException("a cached tile needs its raw bytes and etag");
    }
    this.raw = raw;
    this.etag = etag;
    for (Encoding encoding : Encoding.values()) {
      etags[encoding.ordinal()] = new AsciiString("\"" + etag + encoding.etagSuffix() + "\"");
    }
    variants.set(Encoding.IDENTITY.ordinal(), raw);
  }

  /** A tile of {@code raw} with no variant made yet; the ETag is derived from {@code raw}. */
  public static CachedTile of(byte[] raw) {
    return new CachedTile(raw, contentHash(raw));
  }

  public byte[] raw() {
    return raw;
  }

  /** The content hash of {@link #raw()}. */
  public String etag() {
    return etag;
  }

  public boolean isEmpty() {
    return raw.length == 0;
  }

  /** True once {@code encoding}'s variant has been made, or found not worth sending; identity always. */
  public boolean hasMade(Encoding encoding) {
    return variants.get(encoding.ordinal()) != null;
  }

  /**
   * Records {@code encoding}'s variant: its bytes, or null when it is not worth sending. The first
   * record wins; two requests racing to make the same variant make the same bytes.
   */
  public void made(Encoding encoding, byte[] variant) {
    variants.compareAndSet(encoding.ordinal(), null, variant == null ? NOT_WORTH_IT : variant);
  }

  /** The body for {@code encoding}, or null when this tile has no such variant (yet). */
  public byte[] body(Encoding encoding) {
    byte[] body = variants.get(encoding.ordinal());
    return body == NOT_WORTH_IT ? null : body;
  }

  /** The encoding a client that takes {@code wanted} is sent: {@code wanted} when that variant exists, else identity. */
  public Encoding sent(Encoding wanted) {
    return body(wanted) != null ? wanted : Encoding.IDENTITY;
  }

  /** The encodings this tile can be sent in now; identity always. */
  public Set<Encoding> encodings() {
    Set<Encoding> present = EnumSet.noneOf(Encoding.class);
    for (Encoding encoding : Encoding.values()) {
      if (body(encoding) != null) {
        present.add(encoding);
      }
    }
    return present;
  }

  /** The quoted strong ETag of one encoding: {@code "<hash>"}, {@code "<hash>-gz"}, {@code "<hash>-br"}. */
  public String etag(Encoding encoding) {
    return etags[encoding.ordinal()].toString();
  }

  /** {@link #etag(Encoding)} as the response header writes it. */
  public CharSequence etagHeader(Encoding encoding) {
    return etags[encoding.ordinal()];
  }

  /**
   * What the byte-bounded cache counts: the payloads made so far, and half the raw size for each
   * variant not made yet (it is weighed once, when cached; compressed MVT is about half its size).
   */
  int weight() {
    int weight = OVERHEAD_BYTES;
    for (Encoding encoding : Encoding.values()) {
      byte[] body = variants.get(encoding.ordinal());
      weight += body == null ? raw.length / 2 : body.length;
    }
    return weight;
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
