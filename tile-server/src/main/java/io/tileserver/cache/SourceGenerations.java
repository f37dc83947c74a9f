package io.tileserver.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-source L2 generations: a counter per source in one Redis hash, mirrored here. Invalidating a
 * source bumps its counter ({@code HINCRBY}); keys embed the counters of their sources, so every L2
 * entry of the source is retired at once without a {@code SCAN} (which is slow on big keyspaces and
 * per-node in Redis Cluster); the retired entries age out by TTL. Other instances see the bump at
 * their next refresh ({@code HGETALL}, every {@code generation-refresh-ms}). Until the first refresh
 * succeeds the mirror is not {@link #loaded()} and L2 is not used, so a restarted instance never
 * reads entries a bump retired.
 */
final class SourceGenerations {
  private final String key;
  private final Function<Request, Future<Response>> send;
  private final Map<String, Long> mirror = new ConcurrentHashMap<>();
  private volatile boolean loaded;

  /**
   * @param send runs one command against Redis (through the cache's breaker and timeout)
   */
  SourceGenerations(String key, Function<Request, Future<Response>> send) {
    this.key = key;
    this.send = send;
  }

  boolean loaded() {
    return loaded;
  }

  /** The dot-joined generations of a comma list of sources, in its order (0 for never bumped). */
  String of(String sources) {
    StringBuilder out = new StringBuilder();
    for (String source : sources.split(",")) {
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(mirror.getOrDefault(source, 0L));
    }
    return out.toString();
  }

  Future<Void> refresh() {
    return send.apply(Request.cmd(Command.HGETALL).arg(key)).map(response -> {
      if (response != null) {
        // Counters only grow: keep the larger value where a local bump raced the read.
        for (String source : response.getKeys()) {
          mirror.merge(source, response.get(source).toLong(), Math::max);
        }
      }
      loaded = true;
      return null;
    });
  }

  Future<Long> bump(String source) {
    return send.apply(Request.cmd(Command.HINCRBY).arg(key).arg(source).arg(1)).map(response -> {
      long generation = response.toLong();
      mirror.merge(source, generation, Math::max);
      return generation;
    });
  }
}
