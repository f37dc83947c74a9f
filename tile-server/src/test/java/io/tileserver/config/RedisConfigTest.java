package io.tileserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tileserver.config.ServerConfig.RedisConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisConfigTest {
  private final ConfigLoader loader = new ConfigLoader(new EnvSubstitution(Map.of("R", "redis://cache:6380")::get));

  @Test
  void withoutARedisSectionThereIsNoL2() {
    assertThat(loader.parse("server:\n  port: 1\n").redis()).isNull();
  }

  @Test
  void anEmptyRedisSectionTakesTheDefaults() {
    RedisConfig redis = loader.parse("redis: {}\n").redis();

    assertThat(redis.mode()).isEqualTo("standalone");
    assertThat(redis.keyPrefix()).isEqualTo("tiles:");
    assertThat(redis.ttlSeconds()).isEqualTo(86_400);
    assertThat(redis.maxValueBytes()).isEqualTo(1_048_576);
    assertThat(redis.timeoutMs()).isEqualTo(100);
    assertThat(redis.poolSize()).isEqualTo(8);
    assertThat(redis.versionRefreshMs()).isEqualTo(1000);
    assertThat(redis.breaker().failuresToOpen()).isEqualTo(5);
    assertThat(redis.breaker().openMs()).isEqualTo(5000);
  }

  @Test
  void everyKeyBindsFromKebabCase() {
    RedisConfig redis = loader.parse("""
        redis:
          mode: sentinel
          endpoints: [redis://s1:26379, redis://s2:26379]
          master-name: tiles
          key-prefix: "prod:"
          ttl-seconds: 60
          max-value-bytes: 2048
          timeout-ms: 30
          pool-size: 4
          version-refresh-ms: 250
          breaker: {failures-to-open: 2, open-ms: 900}
        """).redis();

    assertThat(redis).isEqualTo(new RedisConfig(null, "sentinel", List.of("redis://s1:26379", "redis://s2:26379"),
        "tiles", "prod:", 60, 2048, 30, 4, 250, new ServerConfig.BreakerConfig(2, 900)));
  }

  @Test
  void theUrlComesFromTheEndpointsTheUrlOrRedisUrlInThatOrder() {
    assertThat(loader.parse("redis:\n  url: ${R}\n").redis().connectionStrings(name -> null))
        .containsExactly("redis://cache:6380");
    assertThat(loader.parse("redis: {}\n").redis().connectionStrings(Map.of("REDIS_URL", "redis://env:1")::get))
        .containsExactly("redis://env:1");
    assertThat(loader.parse("redis:\n  url: redis://a:1\n  endpoints: [redis://b:2]\n").redis()
        .connectionStrings(name -> null)).containsExactly("redis://b:2");
    assertThatThrownBy(() -> loader.parse("redis: {}\n").redis().connectionStrings(name -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("`redis.url` is not set and REDIS_URL is empty");
  }

  @Test
  void clusterModeRefusesAUrlThatSelectsADatabaseOtherThanZero() {
    RedisConfig cluster = loader.parse("redis:\n  mode: cluster\n  endpoints: [redis://a:1, redis://b:2/3]\n").redis();
    RedisConfig fromEnv = loader.parse("redis:\n  mode: cluster\n").redis();

    assertThatThrownBy(() -> cluster.connectionStrings(name -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `redis.endpoints[1]` selects database 3, but Redis Cluster has only database 0:"
            + " remove it from the URL in cluster mode");
    assertThatThrownBy(() -> fromEnv.connectionStrings(Map.of("REDIS_URL", "redis://env:1?db=2")::get))
        .hasMessageStartingWith("REDIS_URL selects database 2");
    assertThat(fromEnv.connectionStrings(Map.of("REDIS_URL", "redis://u:p@env:1/0")::get))
        .containsExactly("redis://u:p@env:1/0");
    assertThat(loader.parse("redis:\n  url: redis://a:1/3\n").redis().connectionStrings(name -> null))
        .containsExactly("redis://a:1/3");
  }

  @Test
  void badValuesNameTheirDottedKey() {
    assertThatThrownBy(() -> loader.parse("redis:\n  mode: replica\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `redis.mode` must be standalone, cluster or sentinel, was replica");
    assertThatThrownBy(() -> loader.parse("redis:\n  mode: sentinel\n"))
        .hasMessage("config key `redis.master-name` must name the master set in sentinel mode");
    assertThatThrownBy(() -> loader.parse("redis:\n  breaker:\n    open-ms: 0\n"))
        .hasMessage("config key `redis.breaker.open-ms` must be >= 1, was 0");
    assertThatThrownBy(() -> loader.parse("redis:\n  ttl: 5\n"))
        .hasMessageStartingWith("unknown config key `redis.ttl`");
  }
}
