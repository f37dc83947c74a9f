package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.ServerConfig.RedisConfig;
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
  RedisConfig config(String prefix, int generationRefreshMs) {
    return RedisTestCaches.modeConfig("sentinel", List.of(sentinel.sentinelUrl()), MASTER_NAME, prefix,
        generationRefreshMs);
  }

  @Override
  List<PrivateRedis> dataNodes() {
    return List.of(sentinel.master());
  }

  @Test
  void aTileStoredThroughTheSentinelLandsOnTheMasterItNames() {
    RedisTileCache cache = l2(1000);
    TileKey key = manyKeys(1).getFirst();

    assertThat(cache.put(key, tile(1000)).await()).isTrue();

    assertThat(sentinel.master().cli("EXISTS", cache.keyOf(key)).strip()).isEqualTo("1");
  }
}
