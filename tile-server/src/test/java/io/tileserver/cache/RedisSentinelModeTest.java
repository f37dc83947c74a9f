package io.tileserver.cache;

import static io.tileserver.cache.RedisTestCaches.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.ServerConfig.RedisConfig;
import io.tileserver.tile.TileCoord;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis L2 with {@code mode: sentinel}, given only the Sentinel's address and the master name. */
class RedisSentinelModeTest extends RedisModeContract {
  private static final String MASTER_NAME = "tiles";
  private static PrivateRedisSentinel sentinel;

  @BeforeAll
  static void startSentinel() {
    sentinel = PrivateRedisSentinel.start(MASTER_NAME);
  }

  @AfterAll
  static void stopSentinel() {
    if (sentinel != null) {
      sentinel.close();
    }
  }

  @Override
  RedisConfig config(String prefix, int versionRefreshMs) {
    return RedisTestCaches.modeConfig("sentinel", List.of(sentinel.sentinelUrl()), MASTER_NAME, prefix,
        versionRefreshMs);
  }

  @Override
  List<PrivateRedis> dataNodes() {
    return List.of(sentinel.master());
  }

  @Test
  void whenTheMasterDiesTilesAndInvalidationsGoThroughTheReplicaTheSentinelPromotes() {
    List<Instance> both = subscribedInstances(FAST_REFRESH_MS);
    Instance a = both.get(0);
    Instance b = both.get(1);
    TileKey key = manyKeys(1).getFirst();

    PrivateRedis promoted = sentinel.stopMaster();

    eventually("a tile written after the failover lands on the promoted replica",
        () -> a.shared().put(key, tile(1000)).await() && promoted.cli("EXISTS", new RedisKeys(prefix).tile(key)).strip().equals("1"));
    eventually("the other instance reads it", () -> b.shared().get(key).await() != null);
    eventually("both instances subscribe again, on the promoted replica", () -> subscribers() == both.size());
    TileCoord changed = new TileCoord(14, 2624, 5721);
    cacheInL1(b, "properties", changed);
    a.invalidator().invalidateTiles("properties", List.of(changed)).await();
    eventually("the other instance drops the changed tile from L1", () -> b.cache().size() == 0);
  }

  @Test
  void aTileStoredThroughTheSentinelLandsOnTheMasterItNames() {
    RedisTileCache cache = l2(1000);
    TileKey key = manyKeys(1).getFirst();

    assertThat(cache.put(key, tile(1000)).await()).isTrue();

    assertThat(sentinel.master().cli("EXISTS", new RedisKeys(prefix).tile(key)).strip()).isEqualTo("1");
  }
}
