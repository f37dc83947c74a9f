package io.tileserver.cache;

import static io.tileserver.cache.RedisTestCaches.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.ServerConfig.RedisConfig;
import io.tileserver.serving.EncodedTiles;
import io.tileserver.tile.TileCoord;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
  RedisConfig config(String prefix, int versionRefreshMs) {
    return RedisTestCaches.modeConfig("cluster", cluster.endpoints(), null, prefix, versionRefreshMs);
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
      assertThat(cache.get(keys.get(i)).await().raw()).isEqualTo(EncodedTiles.tileLikeBytes(1000 + i));
    }
  }

  @Test
  void afterAMasterRestartsEveryInstanceIsSubscribedOnceAndStillHearsChanges() {
    List<Instance> both = subscribedInstances(FAST_REFRESH_MS);
    Instance b = both.get(1);
    // Two subscriptions on three masters: one master has none, and both stay up elsewhere while it restarts.
    PrivateRedis restarted = cluster.masters().stream().filter(node -> subscribersOn(node) == 0).findFirst().orElseThrow();
    Set<String> before = subscribedConnections();

    restarted.stop();
    restarted.start();
    cluster.awaitOk();

    // The old subscriptions must go: one left beside the new one would hear every change twice.
    eventually("each instance subscribes again on a new connection, and only there", () -> {
      Set<String> now = subscribedConnections();
      return now.size() == both.size() && Collections.disjoint(now, before);
    });
    // Commands may time out while the master is away and open the breaker: a change is then applied locally only.
    TileKey probe = manyKeys(1).getFirst();
    eventually("the L2 answers again", () -> both.stream().allMatch(i -> i.shared().put(probe, tile(100)).await()));
    TileCoord changed = new TileCoord(14, 2624, 5721);
    cacheInL1(b, "properties", changed);
    both.get(0).invalidator().invalidateTiles("properties", List.of(changed)).await();
    eventually("the other instance drops the changed tile from L1", () -> b.cache().size() == 0);
  }

  /** {@code port/id} of every subscribed client connection (ids never repeat on a running node). */
  private static Set<String> subscribedConnections() {
    Set<String> out = new HashSet<>();
    for (PrivateRedis node : cluster.masters()) {
      node.cli("CLIENT", "LIST", "TYPE", "pubsub").lines().filter(line -> line.startsWith("id="))
          .forEach(line -> out.add(node.port() + "/" + line.substring(3, line.indexOf(' '))));
    }
    return out;
  }
}
