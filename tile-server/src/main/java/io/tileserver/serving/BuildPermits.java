package io.tileserver.serving;

import io.tileserver.config.LimitsConfig;
import io.tileserver.config.ServerConfig;
import io.tileserver.metrics.TileMetrics;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceBusyException;
import io.tileserver.source.TileSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many uncached tiles each source may be building at once ({@code limits.max-builds-per-source}),
 * and what happens to more: up to {@code limits.build-queue} of them wait, first come first served,
 * at most {@code limits.build-wait-ms} (and never past their deadline); the rest, and those whose
 * wait runs out, fail with {@link SourceBusyException} (503 with {@code Retry-After}). The short
 * wait absorbs a map's burst of cold tiles; refusing at once beyond it keeps a source slower than
 * its clients from growing a queue whose every tile would miss its deadline, and answers clients
 * that retry at once with a paced 503 instead of a busy loop of them.
 *
 * <p>Without a configured limit a PostGIS source may build {@code database.pool-size} tiles (each
 * has a connection, none queues for one) and a cluster source is bounded by its worker lane alone.
 */
final class BuildPermits {
  private static final int BUSY_RETRY_SECONDS = 1;

  private final Vertx vertx;
  private final TileMetrics metrics;
  private final Integer configured;
  private final int databaseDefault;
  private final int queue;
  private final int waitMs;
  private final Map<String, Slots> bySource = new ConcurrentHashMap<>();

  BuildPermits(Vertx vertx, ServerConfig config, TileMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    LimitsConfig limits = config.limits();
    this.configured = limits.maxBuildsPerSource();
    this.databaseDefault = config.database().poolSize();
    this.queue = limits.buildQueue();
    this.waitMs = limits.buildWaitMs();
  }

  /** The limit of {@code source}. */
  int limit(TileSource source) {
    if (configured != null) {
      return configured;
    }
    return source.inMemory() ? Integer.MAX_VALUE : databaseDefault;
  }

  /**
   * Completes (on the caller's context) when {@code source} may start one more build; the caller
   * must {@link #release} it once the build is done. Fails when the source is busy past the wait.
   */
  Future<Void> acquire(TileSource source, Deadline deadline) {
    Slots slots = bySource.computeIfAbsent(source.id(), id -> new Slots(limit(source)));
    synchronized (slots) {
      if (slots.building < slots.limit) {
        slots.building++;
        return Future.succeededFuture();
      }
      long wait = Math.min(waitMs, deadline.remainingMillis());
      if (slots.waiting.size() >= queue || wait <= 0) {
        return Future.failedFuture(busy(source, slots));
      }
      Waiter waiter = new Waiter(vertx.getOrCreateContext(), Promise.promise());
      waiter.timer = vertx.setTimer(wait, id -> {
        boolean removed;
        synchronized (slots) {
          removed = slots.waiting.remove(waiter);
        }
        if (removed) {
          waiter.promise.fail(busy(source, slots));
        }
      });
      slots.waiting.add(waiter);
      return waiter.promise.future();
    }
  }

  /** Ends one build of {@code source}: its slot goes to the longest waiter, if any. */
  void release(TileSource source) {
    Slots slots = bySource.get(source.id());
    Waiter next;
    synchronized (slots) {
      next = slots.waiting.poll();
      if (next == null) {
        slots.building--;
        return;
      }
    }
    vertx.cancelTimer(next.timer);
    next.context.runOnContext(v -> next.promise.complete());
  }

  private SourceBusyException busy(TileSource source, Slots slots) {
    metrics.shed(source.id(), "max-builds");
    return new SourceBusyException("source " + source.id() + " is building " + slots.limit
        + " tiles (limits.max-builds-per-source) and no slot came free within limits.build-wait-ms",
        BUSY_RETRY_SECONDS, null);
  }

  /** One source's builds in progress and builds waiting to start; guarded by itself. */
  private static final class Slots {
    final int limit;
    int building;
    final ArrayDeque<Waiter> waiting = new ArrayDeque<>();

    Slots(int limit) {
      this.limit = limit;
    }
  }

  /** A build waiting for a slot: it resumes on the context that asked. */
  private static final class Waiter {
    final Context context;
    final Promise<Void> promise;
    long timer;

    Waiter(Context context, Promise<Void> promise) {
      this.context = context;
      this.promise = promise;
    }
  }
}
