package io.tileserver.fonts;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that render glyph ranges: a few of their own rather than Vert.x's worker pool, which
 * builds and compresses tiles, so a burst of glyph requests (up to a second of CPU per range) cannot
 * hold the tiles' threads. Its queue is bounded: a render that finds it full is refused at once
 * ({@link java.util.concurrent.RejectedExecutionException}, answered 503) rather than waiting.
 */
public final class GlyphRenderPool {
  private static final long IDLE_SECONDS = 60;

  private GlyphRenderPool() {}

  /** Daemon threads named {@code glyph-render-N}, which end when idle for a minute. */
  public static ExecutorService create(int threads, int queue) {
    AtomicInteger next = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue), r -> {
          Thread t = new Thread(r, "glyph-render-" + next.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    // Idle threads end, so a server that never serves glyphs (or stopped) keeps no thread for them.
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
