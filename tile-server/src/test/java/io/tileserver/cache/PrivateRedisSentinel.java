package io.tileserver.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A redis-server master, a replica of it, and one Sentinel monitoring them under a master name
 * (quorum 1), on free loopback ports; ready once the Sentinel names the master and knows the
 * replica, so it can promote the replica when {@link #stopMaster()} stops the master.
 */
final class PrivateRedisSentinel implements AutoCloseable {
  private final RedisProcesses processes;
  private final String masterName;
  private final List<PrivateRedis> servers;
  private final PrivateRedis sentinel;

  private PrivateRedisSentinel(RedisProcesses processes, String masterName, List<PrivateRedis> servers,
      PrivateRedis sentinel) {
    this.processes = processes;
    this.masterName = masterName;
    this.servers = servers;
    this.sentinel = sentinel;
  }

  static PrivateRedisSentinel start(String masterName) {
    RedisProcesses processes = new RedisProcesses();
    try {
      String dir = processes.dir().toString();
      // No delay before the replica's first sync (the default waits 5 s for more replicas).
      PrivateRedis master = processes.start(new PrivateRedis(PrivateRedis.freePort(),
          List.of("--repl-diskless-sync-delay", "0", "--dir", dir)));
      // The replica writes the master's snapshot to disk: in the temp dir, not the working directory.
      PrivateRedis replica = processes.start(new PrivateRedis(PrivateRedis.freePort(),
          List.of("--replicaof", "127.0.0.1", Integer.toString(master.port()), "--dir", dir)));
      RedisTestCaches.eventually("the replica is in sync",
          () -> master.cli("INFO", "replication").contains("port=" + replica.port() + ",state=online"));
      Path config = processes.dir().resolve("sentinel.conf");
      // A master silent for 1 s is down (30 s by default), so a failover takes a few seconds.
      Files.writeString(config, "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1\n"
          + "sentinel down-after-milliseconds " + masterName + " 1000\n");
      PrivateRedis sentinel = processes.start(PrivateRedis.sentinel(PrivateRedis.freePort(), config));
      PrivateRedisSentinel started = new PrivateRedisSentinel(processes, masterName, List.of(master, replica), sentinel);
      RedisTestCaches.eventually("the Sentinel names the master", () -> started.master() == master);
      RedisTestCaches.eventually("the Sentinel knows the replica",
          () -> sentinel.cli("SENTINEL", "REPLICAS", masterName).contains(Integer.toString(replica.port())));
      return started;
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

  /** The server the Sentinel names as master now (null while it names none of them). */
  PrivateRedis master() {
    String named = sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
    return servers.stream().filter(s -> named.lines().anyMatch(line -> line.equals(Integer.toString(s.port()))))
        .findFirst().orElse(null);
  }

  /**
   * Stops the master, as when its machine dies; returns the replica once the Sentinel has promoted
   * it and it acts as master.
   */
  PrivateRedis stopMaster() {
    PrivateRedis before = master();
    PrivateRedis promoted = servers.get(servers.indexOf(before) == 0 ? 1 : 0);
    before.stop();
    RedisTestCaches.eventually("the Sentinel names the promoted replica", () -> master() == promoted);
    RedisTestCaches.eventually("the promoted replica acts as master",
        () -> promoted.cli("ROLE").startsWith("master"));
    return promoted;
  }

  @Override
  public void close() {
    processes.close();
  }
}
