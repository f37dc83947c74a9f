package io.tileserver.copy;

import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.TileCover;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Asks a tile server for every tile of a bbox over a zoom range, {@code concurrency} at a time, over
 * HTTP (our {@code /tiles/{ids}/{z}/{x}/{y}.pbf} form, so the bytes are what the server serves, its
 * filters and composites included), and hands each non-empty tile to a {@link TileSink}. A busy
 * server's 503 or 429 is retried after its {@code Retry-After}; any other error stops the copy with
 * the server's message. The server is this process's own ({@code tile-server copy}) or a running one
 * ({@code --warm}, to fill its caches and the CDN's).
 */
public final class TileCopier {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int ATTEMPTS = 6;
  private static final long MAX_RETRY_WAIT_MS = 5_000;

  private final HttpClient client;

  public TileCopier(HttpClient client) {
    this.client = client;
  }

  /**
   * What to copy.
   *
   * @param base the server's base URL, like {@code http://127.0.0.1:3000}
   * @param ids the source list as in tile URLs ({@code properties} or {@code properties,zip_areas})
   * @param query the filters, {@code k=v&k=v} URL-encoded, or empty
   */
  public record Plan(URI base, String ids, String query, Bounds bounds, int minzoom, int maxzoom, int concurrency) {
    public long tileCount() {
      return TileCover.count(bounds, minzoom, maxzoom);
    }

    URI tile(TileCoord coord) {
      return base.resolve("/tiles/" + ids + "/" + coord.z() + "/" + coord.x() + "/" + coord.y() + ".pbf"
          + (query.isEmpty() ? "" : "?" + query));
    }
  }

  /** How a copy went: tiles asked for, written, empty, skipped (already in the output), stored bytes, time. */
  public record Summary(long tiles, long written, long empty, long skipped, long bytes, long millis) {
    public double tilesPerSecond() {
      return millis == 0 ? 0 : tiles * 1000.0 / millis;
    }
  }

  /**
   * Copies every tile of {@code plan} into {@code sink}; {@code progress} is told the count of tiles
   * done so far. Fails with the first error that is not the server being busy.
   */
  public Summary copy(Plan plan, TileSink sink, LongConsumer progress) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Semaphore slots = new Semaphore(plan.concurrency());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong done = new AtomicLong();
    AtomicLong written = new AtomicLong();
    AtomicLong empty = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    try {
      TileCover.forEach(plan.bounds(), plan.minzoom(), plan.maxzoom(), coord -> {
        if (failure.get() != null) {
          return;
        }
        try {
          if (sink.contains(coord)) {
            skipped.incrementAndGet();
            progress.accept(done.incrementAndGet());
            return;
          }
          slots.acquire();
        } catch (IOException | InterruptedException e) {
          failure.compareAndSet(null, e);
          return;
        }
        fetch(plan.tile(coord), 1).whenComplete((tile, error) -> {
          try {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else if (tile.body().length == 0) {
              empty.incrementAndGet();
            } else {
              bytes.addAndGet(sink.accept(coord, tile));
              written.incrementAndGet();
            }
          } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
          } finally {
            progress.accept(done.incrementAndGet());
            slots.release();
          }
        });
      });
    } finally {
      // Every request has a timeout, so every slot comes back; the bound is only a last resort.
      if (!slots.tryAcquire(plan.concurrency(), REQUEST_TIMEOUT.toSeconds() * ATTEMPTS * 2, TimeUnit.SECONDS)) {
        failure.compareAndSet(null, new IOException("tile requests did not finish"));
      }
    }
    Throwable error = failure.get();
    if (error instanceof IOException io) {
      throw io;
    }
    if (error instanceof InterruptedException interrupted) {
      throw interrupted;
    }
    if (error != null) {
      throw new IOException(error.getMessage(), error);
    }
    return new Summary(done.get(), written.get(), empty.get(), skipped.get(), bytes.get(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** One tile, retried while the server says it is busy. */
  private CompletableFuture<FetchedTile> fetch(URI uri, int attempt) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Accept-Encoding", "gzip").GET().build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenCompose(response -> {
      int status = response.statusCode();
      if (status == 200 || status == 204) {
        return CompletableFuture.completedFuture(new FetchedTile(response.body(),
            response.headers().firstValue("Content-Type").orElse(""),
            response.headers().firstValue("Content-Encoding").orElse("")));
      }
      if ((status == 503 || status == 429) && attempt < ATTEMPTS) {
        long waitMs = Math.min(MAX_RETRY_WAIT_MS, 1000L * response.headers().firstValueAsLong("Retry-After")
            .orElse(attempt));
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS))
            .thenCompose(v -> fetch(uri, attempt + 1));
      }
      return CompletableFuture.failedFuture(new IOException(uri.getPath() + " answered " + status + ": "
          + new String(response.body(), StandardCharsets.UTF_8)));
    });
  }
}
