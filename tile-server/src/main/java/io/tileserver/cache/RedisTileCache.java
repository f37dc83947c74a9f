package io.tileserver.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.ServerConfig.RedisConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis L2 (standalone, Cluster or Sentinel): one {@link TileEnvelope} per tile under a
 * {@link RedisKeys} key with a TTL. Every command runs with a short timeout behind a
 * {@link CircuitBreaker}: a slow or absent Redis costs a request at most one timeout until the breaker
 * opens, then nothing; reads then miss and writes are dropped. Commands share a few pipelined
 * {@link RedisPipelines connections}, which reconnect on use once Redis answers the breaker's probe.
 */
public final class RedisTileCache implements SharedTileCache {
  private static final Logger LOGGER = LoggerFactory.getLogger(RedisTileCache.class);
  /** Log at most one Redis failure per this many nanoseconds (the breaker gauge tells the rest). */
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

  /**
   * KEYS[1]: the bucket's theoretical arrival time (microseconds); ARGV: interval, tolerance, and
   * 1 to take the token or 0 only to look.
   */
  private static final String TAKE_TOKEN = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local interval = tonumber(ARGV[1])
      local tat = tonumber(redis.call('GET', KEYS[1]) or now)
      if tat < now then tat = now end
      local wait = tat + interval - tonumber(ARGV[2]) - now
      if wait > 0 then return wait end
      if ARGV[3] == '0' then return 0 end
      redis.call('SET', KEYS[1], string.format('%d', tat + interval), 'PX', math.ceil((tat + interval - now) / 1000) + 1)
      return 0
      """;

  private final Vertx vertx;
  private final Redis client;
  private final RedisPipelines pipelines;
  private final RedisOptions options;
  private final RedisConfig config;
  private final RedisKeys keys;
  private final CircuitBreaker breaker;
  private final L2Metrics metrics;
  private final Set<Future<?>> pendingWrites = ConcurrentHashMap.newKeySet();
  private volatile long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;
  /** Whether the last command failed; the versions' refresh sends one every second, so this follows Redis. */
  private volatile boolean failing;

  private RedisTileCache(Vertx vertx, RedisOptions options, RedisConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.options = options;
    this.client = Redis.createClient(vertx, options);
    this.pipelines = new RedisPipelines(client, config.poolSize(), config.timeoutMs() * 10L);
    this.config = config;
    this.keys = new RedisKeys(config.keyPrefix());
    this.breaker = new CircuitBreaker(config.breaker().failuresToOpen(), config.breaker().openMs());
    this.metrics = new L2Metrics(registry, breaker::state);
  }

  /**
   * A cache over the Redis {@code config} names ({@code REDIS_URL} from the environment when it
   * names none). It connects lazily: creating it never fails because Redis is down.
   */
  public static RedisTileCache create(Vertx vertx, RedisConfig config, MeterRegistry registry) {
    return create(vertx, config, registry, System::getenv);
  }

  static RedisTileCache create(Vertx vertx, RedisConfig config, MeterRegistry registry, Function<String, String> env) {
    RedisOptions options = new RedisOptions()
        .setType(RedisClientType.valueOf(config.mode().toUpperCase(Locale.ROOT)))
        .setEndpoints(new ArrayList<>(config.connectionStrings(env)))
        .setMaxPoolSize(config.poolSize())
        // Waiters beyond this fail at once; each waiter is bounded by timeout-ms anyway.
        .setMaxPoolWaiting(config.poolSize() * 64)
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(config.timeoutMs()).setTcpNoDelay(true));
    if (config.masterName() != null) {
      options.setMasterName(config.masterName());
    }
    return new RedisTileCache(vertx, options, config, registry);
  }

  @Override
  public Future<CachedTile> get(TileKey key) {
    return send("get", Request.cmd(Command.GET).arg(keys.tile(key)))
        .map(response -> {
          if (response == null) {
            metrics.outcome("get", "miss");
            return (CachedTile) null;
          }
          TileEnvelope.Entry entry = TileEnvelope.decode(response.toBytes());
          if (entry.version() != key.version()) {
            metrics.outcome("get", "miss");
            return null;
          }
          metrics.outcome("get", "hit");
          return entry.tile();
        })
        .otherwise(failure -> {
          if (failure instanceof TileEnvelope.MalformedEnvelope) {
            metrics.outcome("get", "error");
            logDebounced("unreadable L2 entry for " + key, failure);
          }
          return null;
        });
  }

  @Override
  public Future<Boolean> put(TileKey key, CachedTile tile) {
    if (TileEnvelope.size(tile) > config.maxValueBytes()) {
      metrics.outcome("set", "oversize");
      return Future.succeededFuture(false);
    }
    Request set = Request.cmd(Command.SET)
        .arg(keys.tile(key))
        .arg(TileEnvelope.encode(tile, key.version()))
        .arg("PX").arg(config.ttlSeconds() * 1000L);
    Future<Boolean> write = send("set", set).map(ok -> true).otherwise(false);
    pendingWrites.add(write);
    return write.andThen(done -> pendingWrites.remove(write));
  }

  /** {@code ok} while the breaker is closed and the last command succeeded, {@code degraded} otherwise. */
  @Override
  public L2Status status() {
    return !failing && breaker.state() == CircuitBreaker.State.CLOSED ? L2Status.OK : L2Status.DEGRADED;
  }

  /** Completes when every write started so far has completed (stored or dropped). */
  public Future<Void> flush() {
    return Future.all(List.copyOf(pendingWrites)).mapEmpty();
  }

  /** Waits for pending writes, then closes the connections. */
  @Override
  public Future<Void> close() {
    return flush().eventually(pipelines::close).eventually(client::close);
  }

  /**
   * Takes (or looks for) one token of a rate-limit bucket kept in this Redis, shared by every instance: a GCRA
   * (generic cell rate algorithm) run atomically by a script on Redis's own clock, so instances'
   * clocks need not agree. Written here rather than with Bucket4j's Redis support, which needs a
   * Lettuce, Jedis or Redisson client beside the Vert.x one. Answers 0 when the token was taken,
   * else the microseconds until one will be; fails when Redis cannot answer (the breaker, a
   * timeout), and the caller falls back to its local bucket.
   *
   * @param intervalMicros microseconds per token (the sustained rate)
   * @param burst tokens that may be taken at once
   * @param take false only looks whether a token is there
   */
  public Future<Long> token(String limit, String client, long intervalMicros, long burst, boolean take) {
    Request eval = Request.cmd(Command.EVAL).arg(TAKE_TOKEN).arg(1).arg(keys.rateLimit(limit, client))
        .arg(intervalMicros).arg(intervalMicros * burst).arg(take ? 1 : 0);
    return send("rate_limit", eval).map(Response::toLong);
  }


  /** A client of its own on the same Redis, for a connection that subscribes (and can do nothing else). */
  Redis newClient() {
    return Redis.createClient(vertx, new RedisOptions(options));
  }

  RedisConfig config() {
    return config;
  }

  double count(String op, String outcome) {
    return metrics.count(op, outcome);
  }

  /**
   * One command through the breaker and the timeout. Fails when the breaker refuses it, Redis fails
   * or it times out; counts each outcome.
   */
  Future<Response> send(String op, Request request) {
    if (!breaker.tryAcquire()) {
      metrics.outcome(op, "rejected");
      return Future.failedFuture(new L2Unavailable("the Redis L2 breaker is open"));
    }
    // The breaker judges Redis, not this process: a connect that fails or exceeds its bound counts,
    // and so does a command that fails or exceeds timeout-ms once written.
    Future<RedisConnection> connecting = pipelines.next();
    return connecting.compose(connection -> {
      long start = System.nanoTime();
      return connection.send(request)
          .timeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
          .andThen(result -> {
            // A Redis error reply fails a command with the reply itself, a Response.
            if (result.failed() && !(result.cause() instanceof Response)) {
              pipelines.drop(connection);
            }
            judge(op, result, System.nanoTime() - start);
          });
    }, failure -> {
      judge(op, Future.failedFuture(failure), 0);
      return Future.failedFuture(failure);
    });
  }

  /** Counts a command's outcome and moves the breaker. */
  private void judge(String op, AsyncResult<Response> result, long nanos) {
    metrics.duration(op, nanos);
    CircuitBreaker.State before = breaker.state();
    failing = result.failed();
    if (result.succeeded()) {
      breaker.onSuccess();
      if (!op.equals("get")) {
        metrics.outcome(op, "ok");
      }
      if (before != CircuitBreaker.State.CLOSED) {
        LOGGER.info("Redis L2 answers again; using it");
      }
      return;
    }
    breaker.onFailure();
    metrics.outcome(op, result.cause() instanceof TimeoutException ? "timeout" : "error");
    if (before != CircuitBreaker.State.OPEN && breaker.state() == CircuitBreaker.State.OPEN) {
      LOGGER.warn("Redis L2 unavailable ({}); skipping it for {} ms, tiles come from L1 and the sources",
          result.cause().toString(), config.breaker().openMs());
    } else {
      logDebounced("Redis L2 " + op + " failed", result.cause());
    }
  }

  private void logDebounced(String message, Throwable failure) {
    long now = System.nanoTime();
    long last = lastLogged;
    if (now - last >= LOG_EVERY_NANOS) {
      lastLogged = now;
      LOGGER.warn("{}: {}", message, failure.toString());
    }
  }

  /** The breaker refused a command. */
  static final class L2Unavailable extends RuntimeException {
    L2Unavailable(String message) {
      super(message, null, false, false);
    }
  }
}
