package io.tileserver.serving;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import io.tileserver.cache.CachedTile.Effort;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brotli for tile bodies through brotli4j's native library. The library is loaded once; when it
 * cannot load (an unsupported platform, a noexec temp directory) that is logged once and tiles carry
 * gzip and identity only.
 */
final class Brotli {
  private static final Logger LOGGER = LoggerFactory.getLogger(Brotli.class);
  /**
   * {@link Effort#BEST}: quality 6, default 4 MiB window. Measured on three {@code properties} tiles
   * (1.1, 14 and 166 KB) on the 2-core build machine: quality 6 is 3–6% smaller than gzip -9 and no
   * slower; quality 9 is hardly smaller than 6 at about 10× the time; quality 11 is 8–14% smaller
   * than gzip at 20–50× the time (0.6–1 s for the 166 KB tile).
   */
  private static final Encoder.Parameters BEST = new Encoder.Parameters().setQuality(6).setMode(Encoder.Mode.GENERIC);
  /**
   * {@link Effort#FAST}: quality 0. On a 4.5 kB z15 and a 17.8 kB z14 {@code properties} tile (10M
   * listings), in a loop on the 2-core machine: 19 and 57 µs, against quality 1's 30 and 99 and
   * quality 6's 112 and 561, for 10% more bytes than quality 1 and 30–34% more than quality 6 (2,849
   * / 2,577 / 2,190 and 9,997 / 9,124 / 7,441). Only a tile's first response carries these bytes:
   * asked for again, it is recompressed at {@link Effort#BEST}. brotli4j cannot reuse an encoder
   * between bodies (its native state is created and destroyed per call), so the quality is the lever.
   */
  private static final Encoder.Parameters FAST = new Encoder.Parameters().setQuality(0).setMode(Encoder.Mode.GENERIC);
  private static final boolean AVAILABLE = load();

  private Brotli() {}

  /** True when the native library loaded in this JVM. */
  static boolean available() {
    return AVAILABLE;
  }

  static byte[] compress(byte[] raw, Effort effort) {
    try {
      return Encoder.compress(raw, effort == Effort.FAST ? FAST : BEST);
    } catch (IOException e) {
      throw new UncheckedIOException("brotli compression of " + raw.length + " bytes failed", e);
    }
  }

  private static boolean load() {
    try {
      if (Brotli4jLoader.isAvailable()) {
        return true;
      }
      Throwable cause = Brotli4jLoader.getUnavailabilityCause();
      LOGGER.warn("brotli is unavailable ({}); tiles are served with gzip or identity encoding",
          cause == null ? "unknown cause" : cause.toString());
    } catch (LinkageError e) {
      LOGGER.warn("brotli is unavailable ({}); tiles are served with gzip or identity encoding", e.toString());
    }
    return false;
  }
}
