package io.tileserver.cache;

import io.tileserver.cache.SourceVersions.Change;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private volatile RedisConnection connection;
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
      connection = null;
      if (!closed && retried.compareAndSet(false, true)) {
        vertx.setTimer(retryMillis, id -> start());
      }
    };
    client.connect()
        .compose(conn -> {
          connection = conn;
          conn.handler(this::onMessage);
          conn.exceptionHandler(e -> conn.close());
          conn.endHandler(v -> retry.run());
          return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
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
          RedisConnection failed = connection;
          if (failed != null) {
            failed.close();
          }
          retry.run();
        });
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
    RedisConnection open = connection;
    if (open != null) {
      open.close();
    }
    client.close();
  }
}
