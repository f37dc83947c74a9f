package io.tileserver.cache;

import io.netty.util.AsciiString;
import io.tileserver.tile.TileFormat;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A tile as caches hold it: the MVT bytes, the content hash every representation's strong ETag
 * derives from, and its compressed variants, each made when a client first takes it. A miss
 * compresses only what its client takes, and quickly ({@link Effort#FAST}); a tile asked for again
 * gets its variant recompressed at {@link Effort#BEST} once, in the background. Behind a CDN most
 * tiles reach the origin once, and compressing them well cost a cold tile more than its query
 * (bench/README.md). A variant is absent when it is not worth sending (too small, not smaller than
 * the raw bytes, brotli unavailable) and unknown until made.
 */
public final class CachedTile {
  /** Fixed per-entry bookkeeping counted by the byte-bounded cache besides the payloads. */
  static final int OVERHEAD_BYTES = 256;

  /** How hard a variant was compressed. */
  public enum Effort {
    /** Cheap settings, for a tile's first request. */
    FAST,
    /** The smallest bodies worth their time, for tiles asked for again. */
    BEST
  }

  /**
   * One representation as a response sends it: its coding, bytes and quoted strong ETag (the content
   * hash, the coding, and for a fast variant its effort, since its bytes differ from the best one's).
   */
  public record Variant(Encoding encoding, Effort effort, byte[] body, AsciiString etag) {}

  /** A variant that was made and is not worth sending. */
  private static final Variant NOT_WORTH_IT = new Variant(Encoding.IDENTITY, Effort.BEST, new byte[0], AsciiString.EMPTY_STRING);

  private final byte[] raw;
  private final String etag;
  private final TileFormat format;
  private final AtomicReferenceArray<Variant> variants = new AtomicReferenceArray<>(Encoding.values().length);
  private final AtomicIntegerArray improving = new AtomicIntegerArray(Encoding.values().length);

  /**
   * @param etag the content hash of {@code raw}; the variants' ETags derive from it
   */
  public CachedTile(byte[] raw, String etag) {
    if (raw == null || etag == null) {
      throw new IllegalArgumentException("a cached tile needs its raw bytes and etag");
    }
    this.raw = raw;
    this.etag = etag;
    this.format = TileFormat.of(raw);
    variants.set(Encoding.IDENTITY.ordinal(), variant(Encoding.IDENTITY, Effort.BEST, raw));
  }

  /** A tile of {@code raw} with no variant made yet; the ETag is derived from {@code raw}. */
  public static CachedTile of(byte[] raw) {
    return new CachedTile(raw, contentHash(raw));
  }

  public byte[] raw() {
    return raw;
  }

  /** What the raw bytes are: MVT, or an image a function source returned. */
  public TileFormat format() {
    return format;
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
   * Records {@code encoding}'s variant at {@code effort}: its bytes, or null when it is not worth
   * sending. A best variant replaces a fast one; otherwise the first record wins (two requests racing
   * to make the same variant make the same bytes).
   */
  public void made(Encoding encoding, Effort effort, byte[] body) {
    Variant made = body == null ? NOT_WORTH_IT : variant(encoding, effort, body);
    int i = encoding.ordinal();
    if (!variants.compareAndSet(i, null, made) && effort == Effort.BEST) {
      variants.set(i, made);
    }
  }

  /**
   * True for the one caller that should recompress {@code encoding}'s variant at its best: the
   * variant exists, was made fast, and nobody took this on before.
   */
  public boolean claimImprovement(Encoding encoding) {
    Variant current = variants.get(encoding.ordinal());
    return current != null && current != NOT_WORTH_IT && current.effort() == Effort.FAST
        && improving.compareAndSet(encoding.ordinal(), 0, 1);
  }

  /** The variant a client taking {@code wanted} is sent: {@code wanted}'s when it exists, else identity. */
  public Variant sent(Encoding wanted) {
    Variant variant = variants.get(wanted.ordinal());
    return variant == null || variant == NOT_WORTH_IT ? variants.get(Encoding.IDENTITY.ordinal()) : variant;
  }

  /** The variant of {@code encoding} when it exists (null when not made or not worth sending). */
  public Variant variant(Encoding encoding) {
    Variant variant = variants.get(encoding.ordinal());
    return variant == NOT_WORTH_IT ? null : variant;
  }

  /** The encodings this tile can be sent in now; identity always. */
  public Set<Encoding> encodings() {
    Set<Encoding> present = EnumSet.noneOf(Encoding.class);
    for (Encoding encoding : Encoding.values()) {
      if (variant(encoding) != null) {
        present.add(encoding);
      }
    }
    return present;
  }

  private Variant variant(Encoding encoding, Effort effort, byte[] body) {
    return new Variant(encoding, effort, body, new AsciiString(etag(encoding, effort)));
  }

  private String etag(Encoding encoding, Effort effort) {
    String suffix = encoding.etagSuffix() + (effort == Effort.FAST && encoding != Encoding.IDENTITY ? "1" : "");
    return "\"" + etag + suffix + "\"";
  }

  /**
   * Whether {@code tag} (quoted) is this tile's ETag in {@code encoding} at either effort: a client
   * holding the fast bytes of a variant since recompressed at its best holds the same content, and
   * revalidating them must not cost it a download.
   */
  public boolean isEtagOf(Encoding encoding, String tag) {
    return tag.equals(etag(encoding, Effort.BEST)) || tag.equals(etag(encoding, Effort.FAST));
  }

  /**
   * What the byte-bounded cache counts: the payloads made so far, and half the raw size for each
   * variant not made yet (it is weighed once, when cached; compressed MVT is about half its size).
   */
  int weight() {
    int weight = OVERHEAD_BYTES;
    for (Encoding encoding : Encoding.values()) {
      Variant variant = variants.get(encoding.ordinal());
      weight += variant == null ? raw.length / 2 : variant.body().length;
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
