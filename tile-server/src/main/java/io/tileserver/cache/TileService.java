package io.tileserver.cache;

import io.tileserver.config.ServerConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.source.Deadline;
import io.tileserver.source.TileSource;
import io.tileserver.source.WorkerLane;
import io.tileserver.source.WorkerLanes;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a tile is made: cache lookup (L1, then L2), then on a miss each source's tile (skipping
 * sources whose zoom range or bounds exclude it), concatenated into one MVT (layers are a repeated
 * field, so concatenated tiles are a valid tile), compressed once per encoding off the event loop
 * ({@link TileEncoder}), and cached in both levels.
 *
 * <p>Every request that is not a cache hit is bounded by {@code limits.request-deadline-ms}, counted
 * from when it asked: past it the request fails with a 503 even if its tile is still being made (for
 * others waiting on the same build, or for the cache). A build runs under the deadline of the request
 * that started it: what it has not started by then (a query still waiting for a connection,
 * compression still waiting for a worker) it does not start. A source builds at most
 * {@code limits.max-builds-per-source} tiles at once; more wait briefly or are refused
 * ({@link BuildPermits}). A tile made only from memory is compressed on the {@code cluster} lane,
 * every other on the {@code compression} lane.
 */
public final class TileService {
  private final Vertx vertx;
  private final TileCache cache;
  private final TileMetrics metrics;
  private final TileEncoder encoder;
  private final CacheZooms cacheZooms;
  private final BuildPermits permits;
  private final WorkerLanes lanes;
  private final int deadlineMs;

  /** A service whose tiles carry brotli variants whenever the native library is available. */
  public TileService(Vertx vertx, TileCache cache, TileMetrics metrics, ServerConfig config, WorkerLanes lanes) {
    this.vertx = vertx;
    this.cache = cache;
    this.metrics = metrics;
    this.encoder = new TileEncoder(metrics.registry());
    this.cacheZooms = CacheZooms.of(config.sources());
    this.permits = new BuildPermits(vertx, config, metrics);
    this.lanes = lanes;
    this.deadlineMs = config.limits().requestDeadlineMs();
  }

  /**
   * The tile of {@code sources} at {@code coord} for the sources' data {@code version} and a client
   * sending {@code acceptEncoding}; {@code filters} holds every filter of the request and each source
   * receives the ones it declares. A tile no cache keeps is compressed only in the encoding this
   * client gets. {@code admitBuild} is asked first when this instance holds no copy of the tile,
   * built or being built: it fails to refuse a client the work (a rate limit), before anything is
   * started that other clients of the same tile would share. When the sources cannot answer in
   * time and an older copy is kept, that copy is the answer ({@link TileCache.Level#STALE}).
   */
  public Future<TileCache.Lookup> tile(List<TileSource> sources, TileCoord coord, FilterSet filters, long version,
      String acceptEncoding, Supplier<Future<Void>> admitBuild) {
    long start = System.nanoTime();
    if (!cacheZooms.allows(sources, coord.z()) || !cache.stores(coord.z())) {
      Encoding only = EncodingNegotiation.choose(acceptEncoding, encoder.encodings());
      Deadline deadline = Deadline.after(start, deadlineMs);
      WorkerLane lane = compressionLane(sources);
      return within(sources, deadline, admitBuild.get().compose(v -> build(sources, coord, filters, deadline,
          raw -> encoder.encode(raw, only, lane, deadline))).map(tile -> new TileCache.Lookup(tile, TileCache.Level.MISS)));
    }
    String ids = sources.size() == 1 ? sources.get(0).id() : String.join(",", sources.stream().map(TileSource::id).toList());
    TileKey key = new TileKey(ids, coord, filters.canonical(), version);
    Context context = vertx.getOrCreateContext();
    Function<TileKey, Future<CachedTile>> make = k -> {
      Deadline deadline = Deadline.after(start, deadlineMs);
      WorkerLane lane = compressionLane(sources);
      return build(sources, coord, filters, deadline, raw -> encoder.encode(raw, lane, deadline));
    };
    Future<TileCache.Lookup> lookup = cache.holds(key) ? cache.get(key, context, make)
        : admitBuild.get().compose(v -> cache.get(key, context, make));
    if (lookup.succeeded()) {
      return lookup;
    }
    Future<TileCache.Lookup> bounded = lookup.isComplete() ? lookup : within(sources, Deadline.after(start, deadlineMs), lookup);
    return bounded.recover(failure -> cache.staleOr(key, failure));
  }

  /** True when built tiles carry a brotli variant; a {@code /ready} detail. */
  public boolean brotliAvailable() {
    return encoder.brotliAvailable();
  }

  private WorkerLane compressionLane(List<TileSource> sources) {
    for (TileSource source : sources) {
      if (!source.inMemory()) {
        return lanes.compression();
      }
    }
    return lanes.cluster();
  }

  /**
   * {@code work}'s outcome, or a 503 for this request when its deadline comes first; the work goes on
   * for the other requests sharing it and for the cache.
   */
  private <T> Future<T> within(List<TileSource> sources, Deadline deadline, Future<T> work) {
    Promise<T> answer = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, deadline.remainingMillis()), id -> {
      String label = sources.size() == 1 ? sources.get(0).id() : "composite";
      if (answer.tryFail(deadline.exceeded("tile of " + label + " not ready by the request's deadline"))) {
        metrics.shed(label, "deadline");
      }
    });
    work.onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        answer.tryComplete(result.result());
      } else {
        answer.tryFail(result.cause());
      }
    });
    return answer.future();
  }

  /**
   * Takes a build slot of every source the tile covers, fetches the parts, concatenates and
   * compresses them. The slots are held until the tile is compressed: compressing big database
   * tiles is the slow end of a build, and a limit that let go before it would only move the queue
   * there.
   */
  private Future<CachedTile> build(List<TileSource> sources, TileCoord coord, FilterSet filters, Deadline deadline,
      Function<byte[], Future<CachedTile>> encode) {
    List<TileSource> covering = new ArrayList<>(sources.size());
    for (TileSource source : sources) {
      if (source.isValidZoom(coord.z()) && source.info().bounds().intersects(coord)) {
        covering.add(source);
      }
    }
    return acquireAll(covering, deadline).compose(held -> {
      List<Future<byte[]>> parts = new ArrayList<>(covering.size());
      for (TileSource source : covering) {
        parts.add(fetch(source, coord, filters, deadline));
      }
      Future<CachedTile> tile = Future.all(parts).map(all -> concat(parts)).compose(encode);
      // Future.all fails at the first failed part: the slots go once every part has finished too.
      tile.onComplete(built -> Future.join(parts).onComplete(finished -> covering.forEach(permits::release)));
      return tile;
    });
  }

  /**
   * One slot of each source, taken in id order (so two composites naming the same sources in
   * different orders cannot hold one each and wait for the other); none when one is refused.
   */
  private Future<Void> acquireAll(List<TileSource> sources, Deadline deadline) {
    if (sources.size() == 1) {
      return permits.acquire(sources.get(0), deadline);
    }
    List<TileSource> held = new ArrayList<>(sources.size());
    Future<Void> chain = Future.succeededFuture();
    for (TileSource source : sources.stream().sorted(Comparator.comparing(TileSource::id)).toList()) {
      chain = chain.compose(v -> permits.acquire(source, deadline).onSuccess(ok -> held.add(source)));
    }
    return chain.onFailure(refused -> held.forEach(permits::release));
  }

  private Future<byte[]> fetch(TileSource source, TileCoord coord, FilterSet filters, Deadline deadline) {
    FilterSet own = source.info().passThroughQuery() ? filters : filters.restrictTo(source.info().filters());
    long start = System.nanoTime();
    return source.getTile(coord, own, deadline)
        .andThen(r -> metrics.sourceTime(source.id(), System.nanoTime() - start, r.succeeded()));
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
