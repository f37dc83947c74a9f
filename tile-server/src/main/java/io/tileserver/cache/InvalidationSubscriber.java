package io.tileserver.cache;

import io.tileserver.cache.SourceVersions.Change;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the invalidation channel on a connection of its own (a subscribed connection can do
 * nothing else). When the connection drops or cannot be made it retries every
 * {@code retryMillis}; each (re)subscription runs {@code onSubscribed}, which catches up on what was
 * published meanwhile.
 */
final class InvalidationSubscriber {
  private static final Logger LOGGER = LoggerFactory.getLogger(InvalidationSubscriber.class);

  private final Vertx vertx;
  private final Redis client;
  private final String channel;
  private final Consumer<Change> onChange;
  private final Runnable onSubscribed;
  private final long retryMillis;
  private final AtomicReference<RedisConnection> connection = new AtomicReference<>();
  private volatile boolean closed;
  private volatile boolean warned;

  InvalidationSubscriber(Vertx vertx, Redis client, String channel, Consumer<Change> onChange,
      Runnable onSubscribed, long retryMillis) {
    this.vertx = vertx;
    this.client = client;
    this.channel = channel;
    this.onChange = onChange;
    this.onSubscribed = onSubscribed;
    this.retryMillis = retryMillis;
  }

  void start() {
    if (closed) {
      return;
    }
    // Both a failed subscription and the end of its connection retry; only the first one counts.
    AtomicBoolean retried = new AtomicBoolean();
    Runnable retry = () -> {
      if (!retried.compareAndSet(false, true)) {
        return;
      }
      // A cluster connection is one per node and only one of them ended: close the others, or one
      // may stay subscribed (each node restart would add a subscription, hearing every change again).
      closeConnection();
      if (!closed) {
        vertx.setTimer(retryMillis, id -> start());
      }
    };
    client.connect()
        .compose(conn -> {
          connection.set(conn);
          listen(conn, retry);
          // A cluster connection connects to a node it lacked (one just restarted) only when a
          // command goes there, and without these handlers: set them again on the subscribed one.
          return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).andThen(ok -> listen(conn, retry));
        })
        .onSuccess(ok -> {
          if (warned) {
            LOGGER.info("subscribed to {} again", channel);
            warned = false;
          }
          onSubscribed.run();
        })
        .onFailure(e -> {
          if (!warned) {
            LOGGER.warn("cannot subscribe to {} ({}); retrying every {} ms, versions are re-read meanwhile", channel,
                e.toString(), retryMillis);
            warned = true;
          }
          retry.run();
        });
  }

  private void listen(RedisConnection conn, Runnable retry) {
    conn.handler(this::onMessage);
    conn.exceptionHandler(e -> conn.close());
    conn.endHandler(v -> retry.run());
  }

  private void onMessage(Response response) {
    // RESP2 and RESP3 both deliver [kind, channel, payload]; only "message" carries a payload.
    if (response.size() != 3 || !"message".equals(response.get(0).toString())) {
      return;
    }
    try {
      onChange.accept(InvalidationMessages.parse(response.get(2).toString()));
    } catch (RuntimeException e) {
      LOGGER.warn("ignored a message on {}: {}", channel, e.getMessage());
    }
  }

  void close() {
    closed = true;
    closeConnection();
    client.close();
  }

  /** Closes the subscribed connection once, whether the subscriber or a retry gets here first. */
  private void closeConnection() {
    RedisConnection open = connection.getAndSet(null);
    if (open != null) {
      open.close();
    }
  }
}
