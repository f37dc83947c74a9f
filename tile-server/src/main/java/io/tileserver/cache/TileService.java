package io.tileserver.cache;

import io.tileserver.filter.FilterSet;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.source.TileSource;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a tile is made: cache lookup, then on a miss each source's tile (skipping sources whose
 * zoom range or bounds exclude it), concatenated into one MVT (layers are a repeated field, so
 * concatenated tiles are a valid tile), gzipped once off the event loop, and cached.
 */
public final class TileService {
  /** Bodies smaller than this are not worth a gzip variant. */
  static final int GZIP_MIN_BYTES = 256;

  private final Vertx vertx;
  private final TileCache cache;
  private final TileMetrics metrics;

  public TileService(Vertx vertx, TileCache cache, TileMetrics metrics) {
    this.vertx = vertx;
    this.cache = cache;
    this.metrics = metrics;
  }

  /**
   * The tile of {@code sources} at {@code coord}; {@code filters} holds every filter of the request
   * and each source receives the ones it declares.
   */
  public Future<TileCache.Lookup> tile(List<TileSource> sources, TileCoord coord, FilterSet filters) {
    String ids = String.join(",", sources.stream().map(TileSource::id).toList());
    TileKey key = new TileKey(ids, coord, filters.canonical());
    return cache.get(key, vertx.getOrCreateContext(), k -> build(sources, coord, filters));
  }

  private Future<CachedTile> build(List<TileSource> sources, TileCoord coord, FilterSet filters) {
    List<Future<byte[]>> parts = new ArrayList<>(sources.size());
    for (TileSource source : sources) {
      if (source.isValidZoom(coord.z()) && source.info().bounds().intersects(coord)) {
        parts.add(fetch(source, coord, filters));
      }
    }
    return Future.all(parts)
        .map(all -> concat(parts))
        .compose(raw -> raw.length < GZIP_MIN_BYTES
            ? Future.succeededFuture(CachedTile.of(raw, null))
            : vertx.executeBlocking(() -> CachedTile.of(raw, Gzip.compress(raw)), false));
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
