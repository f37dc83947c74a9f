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
   * {@link Effort#FAST}: quality 1, a quarter of quality 6's CPU on a 5 kB z15 {@code properties}
   * tile (34 against 130-150 µs) for 19% more bytes (2,971 against 2,497; gzip -6: 2,691).
   */
  private static final Encoder.Parameters FAST = new Encoder.Parameters().setQuality(1).setMode(Encoder.Mode.GENERIC);
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
