package io.tileserver.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.cache.CachedTile;
import io.tileserver.cache.Encoding;
import io.tileserver.source.Deadline;
import io.tileserver.source.WorkerLane;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Negotiates the content coding of a tile response (once per request) and makes a tile's variant in
 * that coding when the tile has none yet, fast; a tile asked for again has the variant it was sent in
 * recompressed at its best, once, in the background ({@link CachedTile.Effort}). Compression runs off
 * the event loop, on the {@link WorkerLane} the caller names (compressing a 500 KB tile takes
 * milliseconds). A variant is made only for a compressible format (not an image) of at least
 * {@link #MIN_BYTES}, and kept only when it is smaller than the raw bytes.
 */
public final class TileEncoder {
  /**
   * Bodies smaller than this are sent as they are: the saving is a few dozen bytes at most, less than
   * the headers that announce it, and a tiny body fits in the first packet either way.
   */
  static final int MIN_BYTES = 256;
  /** An improvement still waiting for a worker this long after it was asked for is dropped: the lane is busy. */
  private static final int IMPROVEMENT_WAIT_MS = 1000;

  private final boolean brotli;
  private final Set<Encoding> encodings;
  /** The compressed codings made, the preferred one first: ties of {@code Accept-Encoding} go to it. */
  private final List<Encoding> preference;
  /** By {@code encoding.ordinal() * 2 + effort.ordinal()}. */
  private final Counter[] compressions = new Counter[Encoding.values().length * 2];

  /**
   * @param brotliWanted make brotli variants if the native library is available; false serves gzip
   *     and identity only (as when the library cannot load)
   * @param preferred the coding sent when a client takes br and gzip equally
   */
  public TileEncoder(boolean brotliWanted, Encoding preferred, MeterRegistry registry) {
    this.brotli = brotliWanted && Brotli.available();
    this.encodings = brotli ? EnumSet.allOf(Encoding.class) : EnumSet.of(Encoding.IDENTITY, Encoding.GZIP);
    this.preference = encodings.stream().filter(e -> e != Encoding.IDENTITY)
        .sorted(Comparator.comparing((Encoding e) -> e != preferred).thenComparing(Comparator.naturalOrder())).toList();
    Gauge.builder("tiles_brotli_available", () -> brotli ? 1 : 0)
        .description("1 when tiles carry a brotli variant, 0 when brotli is off or its native library did not load")
        .register(registry);
    for (Encoding encoding : encodings) {
      if (encoding != Encoding.IDENTITY) {
        for (CachedTile.Effort effort : CachedTile.Effort.values()) {
          compressions[encoding.ordinal() * 2 + effort.ordinal()] = Counter.builder("tiles_compressions")
              .description("Tile variants compressed, by coding and effort: fast when a client first takes a coding,"
                  + " best once when the tile is asked for again in it")
              .tags("encoding", encoding.token(), "effort", effort.name().toLowerCase(Locale.ROOT)).register(registry);
        }
      }
    }
  }

  /** True when tiles get a brotli variant; a {@code /ready} detail. */
  public boolean brotliAvailable() {
    return brotli;
  }

  /** The coding a client sending {@code acceptEncoding} takes, among those this encoder makes. */
  public Encoding negotiate(String acceptEncoding) {
    return EncodingNegotiation.choose(acceptEncoding, preference);
  }

  /**
   * {@code tile} once it has its {@code encoding} variant (made, or found not worth sending): at once
   * when it has, or the variant is not worth making; otherwise on {@code lane} unless
   * {@code deadline} passes while the work waits for it.
   */
  public Future<CachedTile> withVariant(CachedTile tile, Encoding encoding, WorkerLane lane, Deadline deadline) {
    if (tile.hasMade(encoding)) {
      return Future.succeededFuture(tile);
    }
    if (tile.raw().length < MIN_BYTES || !encodings.contains(encoding) || !tile.format().compressible()) {
      tile.made(encoding, CachedTile.Effort.BEST, null);
      return Future.succeededFuture(tile);
    }
    return lane.submit(deadline, () -> compress(tile, encoding, CachedTile.Effort.FAST));
  }

  /**
   * Recompresses {@code tile}'s {@code encoding} variant at its best in the background when it was
   * made fast and nobody has started that yet; a busy lane drops it (the fast variant stays).
   */
  public void improve(CachedTile tile, Encoding encoding, WorkerLane lane) {
    if (tile.claimImprovement(encoding)) {
      lane.submit(Deadline.after(System.nanoTime(), IMPROVEMENT_WAIT_MS),
          () -> compress(tile, encoding, CachedTile.Effort.BEST));
    }
  }

  private CachedTile compress(CachedTile tile, Encoding encoding, CachedTile.Effort effort) {
    byte[] raw = tile.raw();
    byte[] variant = encoding == Encoding.GZIP ? Gzip.compress(raw, effort) : Brotli.compress(raw, effort);
    tile.made(encoding, effort, variant.length < raw.length ? variant : null);
    // Counted once made: a watcher that sees the count sees the variant (TileServerHttpTest).
    compressions[encoding.ordinal() * 2 + effort.ordinal()].increment();
    return tile;
  }
}
