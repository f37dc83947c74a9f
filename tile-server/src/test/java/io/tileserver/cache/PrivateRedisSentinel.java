package io.tileserver.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A redis-server master and one Sentinel monitoring it under a master name (quorum 1), on free
 * loopback ports; ready once the Sentinel names the master's address.
 */
final class PrivateRedisSentinel implements AutoCloseable {
  private final RedisProcesses processes;
  private final PrivateRedis master;
  private final PrivateRedis sentinel;

  private PrivateRedisSentinel(RedisProcesses processes, PrivateRedis master, PrivateRedis sentinel) {
    this.processes = processes;
    this.master = master;
    this.sentinel = sentinel;
  }

  static PrivateRedisSentinel start(String masterName) {
    RedisProcesses processes = new RedisProcesses();
    try {
      PrivateRedis master = processes.start(new PrivateRedis());
      Path config = processes.dir().resolve("sentinel.conf");
      Files.writeString(config, "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1\n");
      PrivateRedis sentinel = processes.start(PrivateRedis.sentinel(PrivateRedis.freePort(), config));
      RedisTestCaches.eventually("the Sentinel names the master",
          () -> sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName).contains(Integer.toString(master.port())));
      return new PrivateRedisSentinel(processes, master, sentinel);
    } catch (IOException e) {
      processes.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      processes.close();
      throw e;
    }
  }

  /** The Sentinel's URL: the endpoint of {@code redis.mode: sentinel}. */
  String sentinelUrl() {
    return sentinel.url();
  }

  PrivateRedis master() {
    return master;
  }

  @Override
  public void close() {
    processes.close();
  }
}
