package io.tileserver.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for tile bodies, done once per cached tile. Level 6 (zlib's default): level 9 took 60-120 ms
 * on a 166 kB tile for a few percent, and brotli already serves the clients that want smaller bodies.
 */
final class Gzip {
  private Gzip() {}

  static byte[] compress(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 2));
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
      {
        def.setLevel(Deflater.DEFAULT_COMPRESSION);
      }
    }) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory gzip cannot fail", e);
    }
    return out.toByteArray();
  }
}
