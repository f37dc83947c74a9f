package io.tileserver.cache;

import io.tileserver.filter.FilterSet;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.source.TileSource;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a tile is made: cache lookup (L1, then L2), then on a miss each source's tile (skipping
 * sources whose zoom range or bounds exclude it), concatenated into one MVT (layers are a repeated
 * field, so concatenated tiles are a valid tile), compressed once per encoding off the event loop
 * ({@link TileEncoder}), and cached in both levels.
 */
public final class TileService {
  private final Vertx vertx;
  private final TileCache cache;
  private final TileMetrics metrics;
  private final TileEncoder encoder;
  private final CacheZooms cacheZooms;

  public TileService(Vertx vertx, TileCache cache, TileMetrics metrics, TileEncoder encoder, CacheZooms cacheZooms) {
    this.vertx = vertx;
    this.cache = cache;
    this.metrics = metrics;
    this.encoder = encoder;
    this.cacheZooms = cacheZooms;
  }

  /** A service whose tiles carry brotli variants whenever the native library is available. */
  public TileService(Vertx vertx, TileCache cache, TileMetrics metrics, CacheZooms cacheZooms) {
    this(vertx, cache, metrics, new TileEncoder(vertx, metrics.registry()), cacheZooms);
  }

  /**
   * The tile of {@code sources} at {@code coord}; {@code filters} holds every filter of the request
   * and each source receives the ones it declares.
   */
  public Future<TileCache.Lookup> tile(List<TileSource> sources, TileCoord coord, FilterSet filters) {
    return tile(sources, coord, filters, 0);
  }

  /** As {@link #tile(List, TileCoord, FilterSet)} for the sources' data {@code version}. */
  public Future<TileCache.Lookup> tile(List<TileSource> sources, TileCoord coord, FilterSet filters, long version) {
    return tile(sources, coord, filters, version, null, Future::succeededFuture);
  }

  /**
   * As {@link #tile(List, TileCoord, FilterSet, long)} for a client sending {@code acceptEncoding}:
   * a tile no cache keeps is compressed only in the encoding this client gets. {@code admitBuild}
   * is asked first when this instance holds no copy of the tile, built or being built: it fails to
   * refuse a client the work (a rate limit), before anything is started that other clients of the
   * same tile would share.
   */
  public Future<TileCache.Lookup> tile(List<TileSource> sources, TileCoord coord, FilterSet filters, long version,
      String acceptEncoding, Supplier<Future<Void>> admitBuild) {
    if (!cacheZooms.allows(sources, coord.z()) || !cache.stores(coord.z())) {
      Encoding only = EncodingNegotiation.choose(acceptEncoding, encoder.encodings());
      return admitBuild.get().compose(v -> build(sources, coord, filters, raw -> encoder.encode(raw, only)))
          .map(tile -> new TileCache.Lookup(tile, TileCache.Level.MISS));
    }
    String ids = sources.size() == 1 ? sources.get(0).id() : String.join(",", sources.stream().map(TileSource::id).toList());
    TileKey key = new TileKey(ids, coord, filters.canonical(), version);
    Context context = vertx.getOrCreateContext();
    if (cache.holds(key)) {
      return cache.get(key, context, k -> build(sources, coord, filters, encoder::encode));
    }
    return admitBuild.get().compose(v -> cache.get(key, context, k -> build(sources, coord, filters, encoder::encode)));
  }

  /** True when built tiles carry a brotli variant; a {@code /ready} detail. */
  public boolean brotliAvailable() {
    return encoder.brotliAvailable();
  }

  private Future<CachedTile> build(List<TileSource> sources, TileCoord coord, FilterSet filters,
      Function<byte[], Future<CachedTile>> encode) {
    List<Future<byte[]>> parts = new ArrayList<>(sources.size());
    for (TileSource source : sources) {
      if (source.isValidZoom(coord.z()) && source.info().bounds().intersects(coord)) {
        parts.add(fetch(source, coord, filters));
      }
    }
    return Future.all(parts)
        .map(all -> concat(parts))
        .compose(encode);
  }

  private Future<byte[]> fetch(TileSource source, TileCoord coord, FilterSet filters) {
    FilterSet own = source.info().passThroughQuery() ? filters : filters.restrictTo(source.info().filters());
    long start = System.nanoTime();
    return source.getTile(coord, own).andThen(r -> metrics.sourceTime(source.id(), System.nanoTime() - start, r.succeeded()));
  }

  private static byte[] concat(List<Future<byte[]>> parts) {
    if (parts.size() == 1) {
      return parts.get(0).result();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Future<byte[]> part : parts) {
      out.writeBytes(part.result());
    }
    return out.toByteArray();
  }
}
