package io.tileserver.cache;

import static io.tileserver.cache.RedisTestCaches.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.cache.TileInvalidator.Outcome;
import io.tileserver.config.InvalidationConfig;
import io.tileserver.config.ServerConfig.CacheConfig;
import io.tileserver.config.ServerConfig.RedisConfig;
import io.tileserver.serving.EncodedTiles;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the Redis L2 and the shared data versions do in any Redis deployment mode; a subclass runs
 * it against real Redis processes of one mode, two cache instances sharing them as two servers
 * would.
 */
abstract class RedisModeContract {
  private static final CacheConfig L1 = new CacheConfig(16, null, null, null, null);
  private static final List<String> SOURCES = List.of("properties", "zip_areas");
  static final int FAST_REFRESH_MS = 100;
  /** Longer than any test: another instance can then only learn of a change through pub/sub. */
  private static final int PUB_SUB_ONLY_MS = 600_000;

  final Vertx vertx = Vertx.vertx();
  final String prefix = RedisTestCaches.uniquePrefix();
  private final List<RedisTileCache> opened = new ArrayList<>();
  private final List<TileInvalidator> invalidators = new ArrayList<>();

  /** This mode's config over the test's Redis, with {@code prefix}. */
  abstract RedisConfig config(String prefix, int versionRefreshMs);

  /** The servers that hold the data: the cluster's masters, the Sentinel's master. */
  abstract List<PrivateRedis> dataNodes();

  @AfterEach
  void close() {
    invalidators.forEach(TileInvalidator::close);
    opened.forEach(c -> c.close().await());
    vertx.close().await();
  }

  RedisTileCache l2(int versionRefreshMs) {
    RedisTileCache cache = RedisTestCaches.create(vertx, config(prefix, versionRefreshMs), new SimpleMeterRegistry());
    opened.add(cache);
    eventually("the L2 is ready", () -> cache.status() == L2Status.OK);
    return cache;
  }

  CachedTile tile(int size) {
    return EncodedTiles.withEveryVariant(EncodedTiles.tileLikeBytes(size));
  }

  /** Tiles of every source list, many coordinates, filters and versions: keys on many hash slots. */
  static List<TileKey> manyKeys(int count) {
    List<String> sources = List.of("properties", "zip_areas", "properties,zip_areas");
    List<TileKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(new TileKey(sources.get(i % 3), new TileCoord(12, 650 + i, 1430 - i), i % 2 == 0 ? "" : "beds=" + i, i));
    }
    return keys;
  }

  /** Keys of this test's prefix held by {@code node} (SCAN, so it never blocks the server). */
  int keysOn(PrivateRedis node) {
    return (int) node.cli("--scan", "--pattern", prefix + "*").lines().filter(line -> !line.isBlank()).count();
  }

  @Test
  void tilesStoredByOneInstanceAreReadBackByAnotherWithTheirBytesAndEtags() {
    RedisTileCache writer = l2(FAST_REFRESH_MS);
    RedisTileCache reader = l2(FAST_REFRESH_MS);
    List<TileKey> keys = manyKeys(24);
    List<CachedTile> tiles = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      tiles.add(tile(1000 + i));
      assertThat(writer.put(keys.get(i), tiles.get(i)).await()).as("put %s", keys.get(i)).isTrue();
    }

    for (int i = 0; i < keys.size(); i++) {
      CachedTile read = reader.get(keys.get(i)).await();
      CachedTile written = tiles.get(i);
      assertThat(read).as("get %s", keys.get(i)).isNotNull();
      assertThat(read.raw()).isEqualTo(written.raw());
      assertThat(read.variant(Encoding.GZIP).body()).isEqualTo(written.variant(Encoding.GZIP).body());
      assertThat(read.variant(Encoding.BROTLI).body()).isEqualTo(written.variant(Encoding.BROTLI).body());
      for (Encoding encoding : Encoding.values()) {
        assertThat(read.sent(encoding).etag().toString()).isEqualTo(written.sent(encoding).etag().toString());
      }
    }
    assertThat(dataNodes().stream().mapToInt(this::keysOn).sum()).isEqualTo(keys.size());
  }

  @Test
  void anEntryOfAnotherDataVersionIsAMiss() {
    RedisTileCache cache = l2(FAST_REFRESH_MS);
    TileKey key = manyKeys(1).getFirst();
    cache.put(key, tile(1000)).await();

    TileKey newer = new TileKey(key.sources(), key.coord(), key.filters(), key.version() + 1);
    assertThat(cache.get(newer).await()).isNull();
    assertThat(cache.get(key).await()).isNotNull();
  }

  /** A server's caches: its L2 client, its L1 over it, and its invalidator (subscribed to the channel). */
  record Instance(RedisTileCache shared, TileCache cache, TileInvalidator invalidator) {}

  private Instance instance(RedisTileCache shared) {
    TileCache cache = new TileCache(L1, shared, new SimpleMeterRegistry());
    TileInvalidator invalidator = TileInvalidator.create(vertx, cache, shared, new InvalidationConfig(null, null),
        CdnPurgeHook.of(null), SOURCES);
    invalidators.add(invalidator);
    invalidator.ready().await();
    return new Instance(shared, cache, invalidator);
  }

  /** Two instances, once both are subscribed; {@code refreshMs} also paces their re-subscription. */
  List<Instance> subscribedInstances(int refreshMs) {
    List<Instance> both = List.of(instance(l2(refreshMs)), instance(l2(refreshMs)));
    eventually("both instances subscribe", () -> subscribers() == both.size());
    return both;
  }

  /** Subscribers of the invalidation channel over every data node (each node counts its own). */
  int subscribers() {
    return dataNodes().stream().mapToInt(this::subscribersOn).sum();
  }

  int subscribersOn(PrivateRedis node) {
    String reply = node.cli("PUBSUB", "NUMSUB", prefix + "invalidations").strip();
    return Integer.parseInt(reply.substring(reply.lastIndexOf('\n') + 1));
  }

  /** Caches {@code source}'s tile at {@code coord} in the instance's L1 under its current version. */
  void cacheInL1(Instance instance, String source, TileCoord coord) {
    long version = instance.invalidator().versions().tileVersion(source, coord);
    instance.cache().get(new TileKey(source, coord, "", version), vertx.getOrCreateContext(),
        k -> Future.succeededFuture(tile(1000))).await();
  }

  @Test
  void aTileChangeMadeInOneInstanceReachesAnotherByPubSubAndDropsOnlyThatTileFromItsL1() {
    List<Instance> both = subscribedInstances(PUB_SUB_ONLY_MS);
    Instance a = both.get(0);
    Instance b = both.get(1);
    TileCoord changed = new TileCoord(14, 2624, 5721);
    TileCoord unchanged = new TileCoord(14, 2625, 5721);
    cacheInL1(b, "properties", changed);
    cacheInL1(b, "properties", unchanged);
    long before = b.invalidator().versions().tileVersion("properties", unchanged);

    Outcome outcome = a.invalidator().invalidateTiles("properties", List.of(changed)).await();

    eventually("the other instance drops the changed tile from L1", () -> b.cache().size() == 1);
    assertThat(b.invalidator().versions().tileVersion("properties", changed)).isEqualTo(outcome.version());
    assertThat(b.invalidator().versions().tileVersion("properties", unchanged)).isEqualTo(before);
    assertThat(b.invalidator().versions().current("properties")).isEqualTo(outcome.version());
  }

  @Test
  void aSourceBumpMadeInOneInstanceReachesAnotherByPubSubAndDropsTheSourceFromItsL1() {
    List<Instance> both = subscribedInstances(PUB_SUB_ONLY_MS);
    Instance a = both.get(0);
    Instance b = both.get(1);
    TileCoord coord = new TileCoord(10, 300, 385);
    cacheInL1(b, "zip_areas", coord);
    cacheInL1(b, "properties", coord);
    long properties = b.invalidator().versions().current("properties");

    Outcome outcome = a.invalidator().bumpVersion("zip_areas").await();

    eventually("the other instance drops the bumped source from L1", () -> b.cache().size() == 1);
    assertThat(b.invalidator().versions().current("zip_areas")).isEqualTo(outcome.version());
    assertThat(b.invalidator().versions().tileVersion("zip_areas", coord)).isEqualTo(outcome.version());
    assertThat(b.invalidator().versions().current("properties")).isEqualTo(properties);
  }
}
