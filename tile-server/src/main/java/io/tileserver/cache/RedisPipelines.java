package io.tileserver.cache;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few long-lived Redis connections that every command shares, each carrying many commands at
 * once (Redis pipelining: replies come back in order on one socket). Checking a pooled connection
 * out for each command let only pool-size commands be in flight: under the mixed load, misses
 * queued behind eight connections for 164 ms on average, overflowed the pool's wait queue and
 * flapped the breaker (bench/README.md, "Mixed load"). A connection that ends, fails or is
 * {@linkplain #drop dropped} leaves its slot, and the slot connects again on its next use.
 *
 * <p>Each thread keeps to one slot, and a slot connects from the first thread that uses it, so an
 * event loop's commands go out and come back on its own socket: a command sent on another loop's
 * connection costs two thread wake-ups (the write handed to that loop, the reply handed back),
 * which were 5% of a cold tile's CPU samples (bench/README.md, cold tiles).
 */
final class RedisPipelines {
  private final Redis client;
  private final long connectTimeoutMs;
  private final AtomicReferenceArray<Future<RedisConnection>> slots;
  /** Hands out slots to threads in turn. */
  private final AtomicInteger homes = new AtomicInteger();
  private final ThreadLocal<Integer> home;

  /**
   * @param connections slots, one per thread in turn
   * @param connectTimeoutMs how long a command may wait for its slot to connect
   */
  RedisPipelines(Redis client, int connections, long connectTimeoutMs) {
    this.client = client;
    this.connectTimeoutMs = connectTimeoutMs;
    this.slots = new AtomicReferenceArray<>(connections);
    this.home = ThreadLocal.withInitial(() -> Math.floorMod(homes.getAndIncrement(), connections));
  }

  /** The calling thread's slot's connection, connecting it first when it has none or its last connect failed. */
  Future<RedisConnection> next() {
    int slot = home.get();
    while (true) {
      Future<RedisConnection> current = slots.get(slot);
      if (current != null && !current.failed()) {
        return current;
      }
      Promise<RedisConnection> connecting = Promise.promise();
      if (slots.compareAndSet(slot, current, connecting.future())) {
        connect(slot, connecting);
        return connecting.future();
      }
    }
  }

  private void connect(int slot, Promise<RedisConnection> connecting) {
    Future<RedisConnection> connected = client.connect();
    connected.timeout(connectTimeoutMs, TimeUnit.MILLISECONDS).onComplete(result -> {
      if (result.succeeded()) {
        RedisConnection connection = result.result();
        connection.endHandler(ended -> drop(connection));
        connection.exceptionHandler(failure -> drop(connection));
      } else {
        // A connect that lands after the timeout goes straight back to the client's pool.
        connected.onSuccess(RedisConnection::close);
      }
      connecting.handle(result);
    });
  }

  /**
   * Gives up {@code connection}: its socket ended or failed, or a command on it failed other than by
   * a Redis error reply. A Cluster connection keeps a closed node connection forever, so only a new
   * connection heals it, and closing this one hands its other nodes' connections back to the pool.
   */
  void drop(RedisConnection connection) {
    for (int slot = 0; slot < slots.length(); slot++) {
      Future<RedisConnection> held = slots.get(slot);
      if (held != null && held.succeeded() && held.result() == connection && slots.compareAndSet(slot, held, null)) {
        connection.close();
      }
    }
  }

  /** Hands every held connection back; the client's close then ends them. */
  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    for (int slot = 0; slot < slots.length(); slot++) {
      Future<RedisConnection> held = slots.getAndSet(slot, null);
      if (held != null) {
        closing.add(held.compose(RedisConnection::close, failure -> Future.succeededFuture()));
      }
    }
    return Future.join(closing).mapEmpty();
  }
}
