package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.ServerConfig.RedisConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis L2 with {@code mode: cluster} against a private three-master Redis Cluster. */
class RedisClusterModeTest extends RedisModeContract {
  private static PrivateRedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = PrivateRedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  RedisConfig config(String prefix, int generationRefreshMs) {
    return RedisTestCaches.modeConfig("cluster", cluster.endpoints(), null, prefix, generationRefreshMs);
  }

  @Override
  List<PrivateRedis> dataNodes() {
    return cluster.masters();
  }

  @Test
  void tileEntriesAreSpreadOverSeveralMastersAndEachIsReadBack() {
    RedisTileCache cache = l2(1000);
    List<TileKey> keys = manyKeys(24);
    for (int i = 0; i < keys.size(); i++) {
      cache.put(keys.get(i), tile(1000 + i)).await();
    }

    // 24 keys with random prefixes all on one of three masters: a chance of 3^-23.
    assertThat(cluster.masters().stream().filter(node -> keysOn(node) > 0).count()).isGreaterThanOrEqualTo(2);
    for (int i = 0; i < keys.size(); i++) {
      assertThat(cache.get(keys.get(i)).await().raw()).isEqualTo(TileEncoderTest.tileLikeBytes(1000 + i));
    }
  }
}
