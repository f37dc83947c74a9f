package io.tileserver.serving;

import io.tileserver.cache.CachedTile.Effort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for tile bodies. {@link Effort#FAST}: level 1, about half the CPU of level 6 on a 5 kB
 * {@code properties} tile for 2% more bytes. {@link Effort#BEST}: level 6 (zlib's default); level 9
 * took 60-120 ms on a 166 kB tile for a few percent, and brotli already serves the clients that want
 * smaller bodies.
 */
public final class Gzip {
  private Gzip() {}

  public static byte[] compress(byte[] raw, Effort effort) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
      {
        def.setLevel(effort == Effort.FAST ? Deflater.BEST_SPEED : Deflater.DEFAULT_COMPRESSION);
      }
    }) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory gzip cannot fail", e);
    }
    return out.toByteArray();
  }
}
