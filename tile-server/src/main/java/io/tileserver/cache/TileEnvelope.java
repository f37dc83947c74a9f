package io.tileserver.cache;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary value of an L2 entry: a tile's raw bytes with the variants made when it was stored,
 * its ETag and data version, in one Redis string so one GET returns all a response needs (a variant
 * not stored is made by the instance that needs it). Big-endian:
 *
 * <pre>
 * byte    magic 'T'
 * byte    format (1)
 * byte    flags: bit 0 gzip present, bit 1 brotli present; bit 2 the gzip, bit 3 the brotli variant
 *         was compressed at its best (else fast: {@link CachedTile.Effort})
 * int64   data version
 * byte    n, then n bytes: the content hash (ASCII) the ETags derive from
 * int32   n, then n bytes: raw MVT
 * [int32  n, then n bytes: gzip]     when bit 0
 * [int32  n, then n bytes: brotli]   when bit 1
 * </pre>
 *
 * A value that does not parse, or whose version differs from the key's, is treated as a miss.
 */
final class TileEnvelope {
  static final byte MAGIC = 'T';
  static final byte FORMAT = 1;
  private static final int GZIP = 1;
  private static final int BROTLI = 2;
  private static final int GZIP_BEST = 4;
  private static final int BROTLI_BEST = 8;

  private TileEnvelope() {}

  /** A decoded entry. */
  record Entry(CachedTile tile, long version) {}

  /** Thrown for a value that is not an envelope of this format. */
  static final class MalformedEnvelope extends RuntimeException {
    MalformedEnvelope(String message) {
      super(message);
    }
  }

  static int size(CachedTile tile) {
    return 3 + 8 + 1 + tile.etag().length() + 4 + tile.raw().length + sized(tile.variant(Encoding.GZIP))
        + sized(tile.variant(Encoding.BROTLI));
  }

  static byte[] encode(CachedTile tile, long version) {
    byte[] etag = tile.etag().getBytes(StandardCharsets.US_ASCII);
    if (etag.length > 255) {
      throw new IllegalArgumentException("etag longer than 255 bytes: " + tile.etag());
    }
    ByteBuffer out = ByteBuffer.allocate(size(tile));
    CachedTile.Variant gzip = tile.variant(Encoding.GZIP);
    CachedTile.Variant brotli = tile.variant(Encoding.BROTLI);
    out.put(MAGIC).put(FORMAT).put((byte) (flags(gzip, GZIP, GZIP_BEST) | flags(brotli, BROTLI, BROTLI_BEST)));
    out.putLong(version);
    out.put((byte) etag.length).put(etag);
    out.putInt(tile.raw().length).put(tile.raw());
    putIfPresent(out, gzip);
    putIfPresent(out, brotli);
    return out.array();
  }

  static Entry decode(byte[] value) {
    try {
      ByteBuffer in = ByteBuffer.wrap(value);
      if (in.get() != MAGIC || in.get() != FORMAT) {
        throw new MalformedEnvelope("not a tile envelope of format " + FORMAT);
      }
      int flags = in.get();
      long version = in.getLong();
      String etag = new String(bytes(in, Byte.toUnsignedInt(in.get())), StandardCharsets.US_ASCII);
      byte[] raw = bytes(in, in.getInt());
      byte[] gzip = (flags & GZIP) != 0 ? bytes(in, in.getInt()) : null;
      byte[] brotli = (flags & BROTLI) != 0 ? bytes(in, in.getInt()) : null;
      if (in.hasRemaining()) {
        throw new MalformedEnvelope(in.remaining() + " trailing bytes");
      }
      CachedTile tile = new CachedTile(raw, etag);
      if (gzip != null) {
        tile.made(Encoding.GZIP, (flags & GZIP_BEST) != 0 ? CachedTile.Effort.BEST : CachedTile.Effort.FAST, gzip);
      }
      if (brotli != null) {
        tile.made(Encoding.BROTLI, (flags & BROTLI_BEST) != 0 ? CachedTile.Effort.BEST : CachedTile.Effort.FAST, brotli);
      }
      return new Entry(tile, version);
    } catch (BufferUnderflowException e) {
      throw new MalformedEnvelope("truncated envelope of " + value.length + " bytes");
    }
  }

  private static byte[] bytes(ByteBuffer in, int length) {
    if (length < 0 || length > in.remaining()) {
      throw new MalformedEnvelope("length " + length + " exceeds the " + in.remaining() + " bytes left");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static int flags(CachedTile.Variant variant, int present, int best) {
    return variant == null ? 0 : present | (variant.effort() == CachedTile.Effort.BEST ? best : 0);
  }

  private static int sized(CachedTile.Variant variant) {
    return variant == null ? 0 : 4 + variant.body().length;
  }

  private static void putIfPresent(ByteBuffer out, CachedTile.Variant variant) {
    if (variant != null) {
      out.putInt(variant.body().length).put(variant.body());
    }
  }
}
