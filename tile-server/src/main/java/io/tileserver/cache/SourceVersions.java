package io.tileserver.cache;

import io.tileserver.tile.TileCoord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data version of every source, and of every tile a change named since the source's last bump.
 *
 * <p>A version is the time of a change in epoch milliseconds, made strictly increasing per source
 * (a second change in the same millisecond takes the next one). Being a time, it is also the
 * {@code Last-Modified} of what it versions, and it keeps growing across restarts without any
 * store. Per source:
 *
 * <ul>
 *   <li>{@code base}: every tile is at least this version; a bump raises it and forgets tile versions;
 *   <li>{@code tiles}: tiles changed since, each with the version of its last change;
 *   <li>{@code current}: the latest change of either kind, the version TileJSON URLs carry
 *       ({@code ?v=}).
 * </ul>
 *
 * A tile's version is {@code max(base, tiles[coord])}; it is part of the tile's cache key
 * ({@link TileKey#version()}), so a change retires every filtered variant of a tile in L1 and L2 at
 * once, while other tiles keep their keys and stay cached. A composite's version is the sum of its
 * sources' versions, which grows whenever any of them does. Reads are lock-free; changes are applied
 * under the source's lock and only ever move versions up, so a change applied twice (locally and
 * again from Redis pub/sub) or out of order ends in the same state.
 */
public final class SourceVersions {
  private final long initial;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** A change as every instance applies it; {@code tiles} is null for a bump of the whole source. */
  public record Change(String source, long version, List<TileCoord> tiles) {
    public boolean bump() {
      return tiles == null;
    }
  }

  private static final class State {
    volatile long base;
    volatile long current;
    /** The last version {@link #next} handed out, so concurrent changes never share one. */
    long allocated;
    final Map<TileCoord, Long> tiles = new ConcurrentHashMap<>();

    State(long initial) {
      base = initial;
      current = initial;
    }
  }

  /**
   * @param initial the version of a source nothing is known about (the start time, unless a shared
   *     store says otherwise): data may have changed while no server was watching, so a restarted
   *     server never reuses a version an earlier run published
   */
  public SourceVersions(long initial) {
    this.initial = initial;
  }

  private State state(String source) {
    State state = states.get(source);
    return state != null ? state : states.computeIfAbsent(source, s -> new State(initial));
  }

  /** The version TileJSON URLs of {@code source} carry. */
  public long current(String source) {
    return state(source).current;
  }

  /** The version of a comma list of sources: the sum of theirs. */
  public long current(Collection<String> sources) {
    long sum = 0;
    for (String source : sources) {
      sum += current(source);
    }
    return sum;
  }

  /** The version of one source's tile at {@code coord}. */
  public long tileVersion(String source, TileCoord coord) {
    return tileVersion(state(source), coord);
  }

  private static long tileVersion(State state, TileCoord coord) {
    Long own = state.tiles.get(coord);
    return own == null ? state.base : Math.max(state.base, own);
  }

  /**
   * A tile's versions, looked up once per request.
   *
   * @param tile the version of the tile (the sum of its sources' tile versions): part of its cache key
   * @param lastModified when the tile last changed, in epoch milliseconds: the latest of its sources'
   *     tile versions
   * @param current the sources' current version, the {@code ?v=} TileJSON URLs carry
   */
  public record Stamp(long tile, long lastModified, long current) {}

  /** The {@link Stamp} of the tile of {@code sources} at {@code coord}. */
  public Stamp stamp(List<String> sources, TileCoord coord) {
    long tile = 0;
    long latest = 0;
    long current = 0;
    for (String source : sources) {
      State state = state(source);
      long version = tileVersion(state, coord);
      tile += version;
      latest = Math.max(latest, version);
      current += state.current;
    }
    return new Stamp(tile, latest, current);
  }

  /** Tiles of {@code source} with a version of their own. */
  public int tracked(String source) {
    return state(source).tiles.size();
  }

  /**
   * Allocates the version of a change of {@code source} made here: after its current one and after
   * every one allocated before, at least now.
   */
  long next(String source, long nowMillis) {
    State state = state(source);
    synchronized (state) {
      state.allocated = Math.max(nowMillis, Math.max(state.current, state.allocated) + 1);
      return state.allocated;
    }
  }

  /** Applies a change; true when it moved anything (false: already applied, or older than the base). */
  public boolean apply(Change change) {
    State state = state(change.source());
    synchronized (state) {
      if (change.bump()) {
        if (change.version() <= state.base) {
          return false;
        }
        state.base = change.version();
        state.tiles.clear();
      } else {
        if (change.version() <= state.base) {
          return false;
        }
        for (TileCoord coord : change.tiles()) {
          state.tiles.merge(coord, change.version(), Math::max);
        }
      }
      state.current = Math.max(state.current, change.version());
      return true;
    }
  }

  /**
   * Takes a shared store's view of {@code source}. {@code authoritative} (the first read after
   * start) replaces the local state, whose start-time versions were only provisional; later reads
   * merge, keeping the larger version of everything.
   */
  void merge(String source, long base, long current, Map<TileCoord, Long> tiles, boolean authoritative) {
    State state = state(source);
    synchronized (state) {
      if (authoritative) {
        state.base = base;
        state.current = current;
        state.tiles.clear();
      } else {
        if (base > state.base) {
          state.base = base;
          state.tiles.values().removeIf(v -> v <= base);
        }
        state.current = Math.max(state.current, current);
      }
      tiles.forEach((coord, version) -> {
        if (version > state.base) {
          state.tiles.merge(coord, version, Math::max);
        }
      });
    }
  }

  /** Every source's current version, by id (for stats). */
  public Map<String, Long> currentVersions() {
    Map<String, Long> out = new TreeMap<>();
    states.forEach((source, state) -> out.put(source, state.current));
    return out;
  }
}
