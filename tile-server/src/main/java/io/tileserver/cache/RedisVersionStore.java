package io.tileserver.cache;

import io.tileserver.cache.SourceVersions.Change;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Versions shared by every instance on one Redis. Three hashes under one hash tag (one slot in
 * Redis Cluster, so a script may touch them all): {@code {prefix}{v}base} and {@code {prefix}{v}cur}
 * (field = source, value = version) and {@code {prefix}{v}tiles:<source>} (field = {@code z/x/y}).
 * A change is one Lua script that allocates the version (the next after the source's current one,
 * at least the caller's clock), records it and publishes it on {@code {prefix}invalidations}, so
 * allocation, record and announcement cannot be torn apart. Messages read
 * {@code B <version> <source>} (a bump) or {@code T <version> <source> <z/x/y>,<z/x/y>...}.
 *
 * <p>Instances that missed a message (Redis was unreachable, the subscription was reconnecting)
 * catch up in {@link #refresh()}, which re-reads the small {@code cur} hash and, for a source that
 * moved, its tile hash.
 */
final class RedisVersionStore implements VersionStore {
  private static final String ALLOCATE = """
      local cur = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
      local v = string.format('%d', math.max(cur + 1, tonumber(ARGV[2])))
      redis.call('HSET', KEYS[2], ARGV[1], v)
      """;
  private static final String BUMP = ALLOCATE + """
      redis.call('HSET', KEYS[1], ARGV[1], v)
      redis.call('DEL', KEYS[3])
      redis.call('PUBLISH', ARGV[3], 'B ' .. v .. ' ' .. ARGV[1])
      return v
      """;
  private static final String TILES = ALLOCATE + """
      for i = 5, #ARGV do
        redis.call('HSET', KEYS[3], ARGV[i], v)
      end
      redis.call('PUBLISH', ARGV[3], 'T ' .. v .. ' ' .. ARGV[1] .. ' ' .. ARGV[4])
      return v
      """;
  /** Sources never seen get the caller's clock as base and current version. */
  private static final String INIT = """
      for i = 2, #ARGV do
        redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1])
        redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[1])
      end
      return 1
      """;

  private final String prefix;
  private final Function<Request, Future<Response>> send;
  private final SourceVersions versions;
  private final LongSupplier clock;
  private final List<String> sources;
  private volatile boolean loaded;

  /**
   * @param send one command through the L2's breaker and timeout
   * @param sources the sources to register (their first version) when Redis has none for them
   */
  RedisVersionStore(String prefix, Function<Request, Future<Response>> send, SourceVersions versions,
      LongSupplier clock, List<String> sources) {
    this.prefix = prefix;
    this.send = send;
    this.versions = versions;
    this.clock = clock;
    this.sources = List.copyOf(sources);
  }

  String channel() {
    return prefix + "invalidations";
  }

  /** True once versions have been read from Redis (until then they are this process's own). */
  boolean loaded() {
    return loaded;
  }

  @Override
  public Future<Change> bump(String source) {
    return eval(BUMP, source, List.of()).map(v -> new Change(source, v, null));
  }

  @Override
  public Future<Change> tiles(String source, List<TileCoord> tiles) {
    List<String> fields = tiles.stream().map(TileCoord::toString).toList();
    return eval(TILES, source, fields).map(v -> new Change(source, v, List.copyOf(tiles)));
  }

  private Future<Long> eval(String script, String source, List<String> fields) {
    Request eval = Request.cmd(Command.EVAL).arg(script).arg(3)
        .arg(base()).arg(current()).arg(tilesKey(source))
        .arg(source).arg(clock.getAsLong()).arg(channel()).arg(String.join(",", fields));
    fields.forEach(eval::arg);
    return send.apply(eval).map(Response::toLong);
  }

  /**
   * Registers unknown sources on the first call, then reads every source's versions and the tile
   * versions of each source that moved past what this process knows (all of them the first time).
   */
  Future<Void> refresh() {
    Future<Void> registered = loaded ? Future.succeededFuture() : register();
    return registered
        .compose(v -> Future.all(send.apply(Request.cmd(Command.HGETALL).arg(base())),
            send.apply(Request.cmd(Command.HGETALL).arg(current()))))
        .compose(both -> {
          Map<String, Long> bases = longs(both.resultAt(0));
          Map<String, Long> currents = longs(both.resultAt(1));
          boolean authoritative = !loaded;
          List<Future<Void>> reads = new ArrayList<>();
          currents.forEach((source, current) -> {
            if (authoritative || current > versions.current(source)) {
              long base = bases.getOrDefault(source, current);
              reads.add(send.apply(Request.cmd(Command.HGETALL).arg(tilesKey(source))).map(tiles -> {
                versions.merge(source, base, current, coords(tiles), authoritative);
                return null;
              }));
            }
          });
          return Future.all(reads);
        })
        .map(all -> {
          loaded = true;
          return null;
        });
  }

  private Future<Void> register() {
    if (sources.isEmpty()) {
      return Future.succeededFuture();
    }
    Request init = Request.cmd(Command.EVAL).arg(INIT).arg(2).arg(base()).arg(current()).arg(clock.getAsLong());
    sources.forEach(init::arg);
    return send.apply(init).mapEmpty();
  }

  private String base() {
    return prefix + "{v}base";
  }

  private String current() {
    return prefix + "{v}cur";
  }

  private String tilesKey(String source) {
    return prefix + "{v}tiles:" + source;
  }

  private static Map<String, Long> longs(Response hash) {
    Map<String, Long> out = new HashMap<>();
    if (hash != null) {
      for (String key : hash.getKeys()) {
        out.put(key, hash.get(key).toLong());
      }
    }
    return out;
  }

  private static Map<TileCoord, Long> coords(Response hash) {
    Map<TileCoord, Long> out = new HashMap<>();
    longs(hash).forEach((field, version) -> out.put(InvalidationMessages.coord(field), version));
    return out;
  }
}
