package io.tileserver.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.source.Deadline;
import io.tileserver.source.WorkerLane;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Set;

/**
 * Turns a built tile's bytes into a {@link CachedTile} with its gzip and brotli variants, off the event
 * loop on the {@link WorkerLane} the caller names (compression of a 500 KB tile takes milliseconds). A
 * variant is kept only when the body is at least {@link #MIN_BYTES} and the variant is smaller than
 * the raw bytes.
 */
public final class TileEncoder {
  /**
   * Bodies smaller than this are sent as they are: the saving is a few dozen bytes at most, less than
   * the headers that announce it, and a tiny body fits in the first packet either way.
   */
  static final int MIN_BYTES = 256;

  private final boolean brotli;

  /**
   * @param brotliWanted make brotli variants if the native library is available; false serves gzip
   *     and identity only (as when the library cannot load)
   */
  public TileEncoder(boolean brotliWanted, MeterRegistry registry) {
    this.brotli = brotliWanted && Brotli.available();
    Gauge.builder("tiles_brotli_available", () -> brotli ? 1 : 0)
        .description("1 when tiles carry a brotli variant, 0 when brotli is off or its native library did not load")
        .register(registry);
  }

  /** An encoder making brotli variants whenever the native library is available. */
  public TileEncoder(MeterRegistry registry) {
    this(true, registry);
  }

  /** True when tiles get a brotli variant; a {@code /ready} detail. */
  public boolean brotliAvailable() {
    return brotli;
  }

  /**
   * The tile with its variants; small tiles complete at once, others on {@code lane} unless
   * {@code deadline} passes while they wait for it.
   */
  public Future<CachedTile> encode(byte[] raw, WorkerLane lane, Deadline deadline) {
    if (raw.length < MIN_BYTES) {
      return Future.succeededFuture(CachedTile.of(raw, null, null));
    }
    return lane.submit(deadline, () -> encodeNow(raw));
  }

  /** The encodings this encoder makes: identity, gzip, and brotli when available. */
  public Set<Encoding> encodings() {
    return brotli ? EnumSet.allOf(Encoding.class) : EnumSet.of(Encoding.IDENTITY, Encoding.GZIP);
  }

  /**
   * The tile with the one variant {@code only} (none for identity): for a tile no cache keeps,
   * where making the other variants would be work nobody reuses.
   */
  public Future<CachedTile> encode(byte[] raw, Encoding only, WorkerLane lane, Deadline deadline) {
    if (raw.length < MIN_BYTES || only == Encoding.IDENTITY || only == Encoding.BROTLI && !brotli) {
      return Future.succeededFuture(CachedTile.of(raw, null, null));
    }
    return lane.submit(deadline, () -> only == Encoding.GZIP
        ? CachedTile.of(raw, smaller(Gzip.compress(raw), raw), null)
        : CachedTile.of(raw, null, smaller(Brotli.compress(raw), raw)));
  }

  /** The blocking part of {@link #encode}, for callers already on a worker thread. */
  public CachedTile encodeNow(byte[] raw) {
    if (raw.length < MIN_BYTES) {
      return CachedTile.of(raw, null, null);
    }
    byte[] gzip = smaller(Gzip.compress(raw), raw);
    byte[] br = brotli ? smaller(Brotli.compress(raw), raw) : null;
    return CachedTile.of(raw, gzip, br);
  }

  private static byte[] smaller(byte[] variant, byte[] raw) {
    return variant.length < raw.length ? variant : null;
  }
}
