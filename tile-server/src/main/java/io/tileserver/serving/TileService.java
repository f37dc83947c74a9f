package io.tileserver.serving;

import io.tileserver.cache.CachedTile;
import io.tileserver.cache.Encoding;
import io.tileserver.cache.SourceVersions;
import io.tileserver.cache.TileCache;
import io.tileserver.cache.TileKey;
import io.tileserver.config.ServerConfig;
import io.tileserver.filter.FilterSet;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceTile;
import io.tileserver.source.SourceUnavailableException;
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
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a tile is made. {@link #request} makes every decision about a tile once (coding,
 * version); {@link #tile} then looks it up (L1, then L2), and on a miss builds it from each source
 * whose zoom range and bounds include it (each source receives only the filters it declares),
 * concatenated into one MVT (layers are a repeated field, so concatenated tiles are a valid tile),
 * and caches it. Whatever level the tile comes from, it is then given the variant its client takes
 * if it has none yet ({@link TileEncoder}), off the event loop: a miss compresses one coding only,
 * fast; a hit has that variant recompressed at its best in the background, once.
 *
 * <p>Every request that is not a cache hit is bounded by {@code limits.request-deadline-ms}, counted
 * from when it asked: past it the request fails with a 503 even if its tile is still being made (for
 * others waiting on the same build, or for the cache). A build runs under the deadline of the request
 * that started it: what it has not started by then (a query still waiting for a connection,
 * compression still waiting for a worker) it does not start. A source builds at most
 * {@code limits.max-builds-per-source} tiles at once; more wait briefly or are refused
 * ({@link BuildPermits}). When the sources cannot answer now and an older copy is kept, that copy is
 * the answer ({@link TileCache.Level#STALE}). A tile made only from memory is compressed on the
 * {@code cluster} lane, every other on the {@code compression} lane.
 */
public final class TileService {
  private final Vertx vertx;
  private final TileCache cache;
  private final SourceVersions versions;
  private final TileMetrics metrics;
  private final TileEncoder encoder;
  private final CacheZooms cacheZooms;
  private final BuildPermits permits;
  private final WorkerLanes lanes;
  private final int deadlineMs;

  /** A service whose tiles carry brotli variants whenever the native library is available. */
  public TileService(Vertx vertx, TileCache cache, SourceVersions versions, TileMetrics metrics, ServerConfig config,
      WorkerLanes lanes) {
    this.vertx = vertx;
    this.cache = cache;
    this.versions = versions;
    this.metrics = metrics;
    this.encoder = new TileEncoder(true,
        config.server().preferredEncoding().equals("gzip") ? Encoding.GZIP : Encoding.BROTLI, metrics.registry());
    this.cacheZooms = CacheZooms.of(config.sources());
    this.permits = new BuildPermits(vertx, config, metrics);
    this.lanes = lanes;
    this.deadlineMs = config.limits().requestDeadlineMs();
  }

  /**
   * The tile of {@code sources} at {@code coord} with {@code filters} (every filter of the request;
   * each source later receives the ones it declares), for a client sending {@code acceptEncoding}.
   */
  public TileRequest request(List<TileSource> sources, TileCoord coord, FilterSet filters, String acceptEncoding) {
    List<String> sourceIds = sources.size() == 1 ? List.of(sources.get(0).id())
        : sources.stream().map(TileSource::id).toList();
    String ids = sourceIds.size() == 1 ? sourceIds.get(0) : String.join(",", sourceIds);
    return new TileRequest(sources, sourceIds, ids, coord, filters, encoder.negotiate(acceptEncoding),
        versions.stamp(sourceIds, coord));
  }

  /**
   * The requested tile, with its variant in the request's coding made. {@code admitBuild} is asked
   * first when this instance holds no copy of the tile, built or being built: it fails to refuse a
   * client the work (a rate limit), before anything is started that other clients of the same tile
   * would share.
   */
  public Future<TileCache.Lookup> tile(TileRequest request, Supplier<Future<Void>> admitBuild) {
    long start = System.nanoTime();
    List<TileSource> sources = request.sources();
    WorkerLane lane = compressionLane(sources);
    if (!cacheZooms.allows(sources, request.coord().z()) || !cache.stores(request.coord().z())) {
      Deadline deadline = Deadline.after(start, deadlineMs);
      return within(sources, deadline, admitBuild.get().compose(v -> build(request, lane, deadline))
          .map(tile -> new TileCache.Lookup(tile, TileCache.Level.MISS)));
    }
    TileKey key = request.key();
    Context context = vertx.getOrCreateContext();
    Function<TileKey, Future<CachedTile>> make = k -> build(request, lane, Deadline.after(start, deadlineMs));
    Future<TileCache.Lookup> lookup = cache.holds(key) ? cache.get(key, context, make)
        : admitBuild.get().compose(v -> cache.get(key, context, make));
    if (lookup.succeeded() && lookup.result().tile().hasMade(request.encoding())) {
      if (lookup.result().hit()) {
        encoder.improve(lookup.result().tile(), request.encoding(), lane);
      }
      return lookup;
    }
    Deadline deadline = Deadline.after(start, deadlineMs);
    // A tile in hand is never withheld for want of a variant: a busy lane sends it as it is.
    Future<TileCache.Lookup> encoded = lookup.compose(found -> encoder.withVariant(found.tile(), request.encoding(),
        lane, deadline).otherwise(found.tile()).map(found));
    return within(sources, deadline, encoded).recover(failure -> stale(key, request.encoding(), lane, deadline, failure));
  }

  /**
   * Stale on error: when the sources cannot answer now (down, busy, too slow) and an older copy of
   * the tile is kept, that copy; otherwise the failure.
   */
  private Future<TileCache.Lookup> stale(TileKey key, Encoding encoding, WorkerLane lane, Deadline deadline,
      Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    CachedTile old = cause instanceof SourceUnavailableException ? cache.stale(key) : null;
    if (old == null) {
      return Future.failedFuture(cause);
    }
    // The copy is sent as it is when its variant would wait behind the work that just failed.
    return (old.hasMade(encoding) ? Future.succeededFuture(old) : encoder.withVariant(old, encoding, lane, deadline)
        .otherwise(old)).map(tile -> new TileCache.Lookup(tile, TileCache.Level.STALE));
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
    if (work.isComplete()) {
      return work;
    }
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
   * Takes a build slot of every source the tile covers, fetches the parts, concatenates them and makes
   * the variant of the request's coding. The slots are held until that variant is made: compressing
   * big database tiles is the slow end of a build, and a limit that let go before it would only move
   * the queue there.
   */
  private Future<CachedTile> build(TileRequest request, WorkerLane lane, Deadline deadline) {
    TileCoord coord = request.coord();
    List<TileSource> covering = new ArrayList<>(request.sources().size());
    for (TileSource source : request.sources()) {
      if (source.isValidZoom(coord.z()) && source.info().bounds().intersects(coord)) {
        covering.add(source);
      }
    }
    return acquireAll(covering, deadline).compose(held -> {
      List<Future<SourceTile>> parts = new ArrayList<>(covering.size());
      for (TileSource source : covering) {
        parts.add(fetch(source, coord, request.filters(), deadline));
      }
      Future<CachedTile> tile = Future.all(parts).map(all -> cached(parts))
          .compose(built -> encoder.withVariant(built, request.encoding(), lane, deadline));
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

  /** One source's part, with the filters it declares (all of them for a function taking the raw query). */
  private Future<SourceTile> fetch(TileSource source, TileCoord coord, FilterSet filters, Deadline deadline) {
    FilterSet own = source.info().passThroughQuery() ? filters : filters.restrictTo(source.info().filters());
    long start = System.nanoTime();
    return source.getSourceTile(coord, own, deadline)
        .andThen(r -> metrics.sourceTime(source.id(), System.nanoTime() - start, r.succeeded()));
  }

  /**
   * The parts concatenated; a tile of one part keeps its source's ETag, and its stored compressed
   * bytes as its variant in their coding (the best there is: nothing would compress it again).
   */
  private static CachedTile cached(List<Future<SourceTile>> parts) {
    if (parts.size() == 1) {
      SourceTile part = parts.get(0).result();
      CachedTile tile = part.etag() != null ? new CachedTile(part.raw(), part.etag()) : CachedTile.of(part.raw());
      if (part.stored() != null) {
        tile.made(part.storedEncoding(), CachedTile.Effort.BEST, part.stored());
      }
      return tile;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Future<SourceTile> part : parts) {
      out.writeBytes(part.result().raw());
    }
    return CachedTile.of(out.toByteArray());
  }
}
