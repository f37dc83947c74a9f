package io.tileserver.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.cache.CachedTile;
import io.tileserver.cache.Encoding;
import io.tileserver.source.Deadline;
import io.tileserver.source.WorkerLane;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Set;

/**
 * Negotiates the content coding of a tile response (once per request) and makes a tile's variant in
 * that coding when the tile has none yet: off the event loop, on the {@link WorkerLane} the caller
 * names (compressing a 500 KB tile takes milliseconds). A variant is kept only when the body is at
 * least {@link #MIN_BYTES} and the variant is smaller than the raw bytes.
 */
public final class TileEncoder {
  /**
   * Bodies smaller than this are sent as they are: the saving is a few dozen bytes at most, less than
   * the headers that announce it, and a tiny body fits in the first packet either way.
   */
  static final int MIN_BYTES = 256;

  private final boolean brotli;
  private final Set<Encoding> encodings;
  private final Counter[] compressions = new Counter[Encoding.values().length];

  /**
   * @param brotliWanted make brotli variants if the native library is available; false serves gzip
   *     and identity only (as when the library cannot load)
   */
  public TileEncoder(boolean brotliWanted, MeterRegistry registry) {
    this.brotli = brotliWanted && Brotli.available();
    this.encodings = brotli ? EnumSet.allOf(Encoding.class) : EnumSet.of(Encoding.IDENTITY, Encoding.GZIP);
    Gauge.builder("tiles_brotli_available", () -> brotli ? 1 : 0)
        .description("1 when tiles carry a brotli variant, 0 when brotli is off or its native library did not load")
        .register(registry);
    for (Encoding encoding : encodings) {
      if (encoding != Encoding.IDENTITY) {
        compressions[encoding.ordinal()] = Counter.builder("tiles_compressions")
            .description("Tile variants compressed, by coding: each cached tile is compressed at most once per coding,"
                + " when a client first takes it")
            .tag("encoding", encoding.token()).register(registry);
      }
    }
  }

  /** An encoder making brotli variants whenever the native library is available. */
  public TileEncoder(MeterRegistry registry) {
    this(true, registry);
  }

  /** True when tiles get a brotli variant; a {@code /ready} detail. */
  public boolean brotliAvailable() {
    return brotli;
  }

  /** The coding a client sending {@code acceptEncoding} takes, among those this encoder makes. */
  public Encoding negotiate(String acceptEncoding) {
    return EncodingNegotiation.choose(acceptEncoding, encodings);
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
    if (tile.raw().length < MIN_BYTES || !encodings.contains(encoding)) {
      tile.made(encoding, null);
      return Future.succeededFuture(tile);
    }
    return lane.submit(deadline, () -> {
      compressions[encoding.ordinal()].increment();
      byte[] raw = tile.raw();
      byte[] variant = encoding == Encoding.GZIP ? Gzip.compress(raw) : Brotli.compress(raw);
      tile.made(encoding, variant.length < raw.length ? variant : null);
      return tile;
    });
  }
}
