package io.tileserver.cache;

import io.tileserver.testing.TestServices;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three masters (no replicas) on free loopback ports, made with
 * {@code redis-cli --cluster create} and ready once every node reports {@code cluster_state:ok}.
 */
final class PrivateRedisCluster implements AutoCloseable {
  private static final int MASTERS = 3;
  private final RedisProcesses processes;
  private final List<PrivateRedis> nodes;

  private PrivateRedisCluster(RedisProcesses processes, List<PrivateRedis> nodes) {
    this.processes = processes;
    this.nodes = List.copyOf(nodes);
  }

  static PrivateRedisCluster start() {
    RedisProcesses processes = new RedisProcesses();
    try {
      List<PrivateRedis> nodes = new ArrayList<>();
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      // Each node's bus port defaults to its port + 10000, which may be taken or past 65535: pick it too.
      List<Integer> ports = PrivateRedis.freePorts(2 * MASTERS);
      for (int i = 0; i < MASTERS; i++) {
        int port = ports.get(2 * i);
        List<String> options = List.of("--cluster-enabled", "yes", "--cluster-port", ports.get(2 * i + 1).toString(),
            "--cluster-config-file", "nodes-" + port + ".conf", "--dir", processes.dir().toString());
        nodes.add(processes.start(new PrivateRedis(port, options)));
        create.add("127.0.0.1:" + port);
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      TestServices.run(create.toArray(String[]::new));
      PrivateRedisCluster cluster = new PrivateRedisCluster(processes, nodes);
      cluster.awaitOk();
      return cluster;
    } catch (RuntimeException | Error e) {
      processes.close();
      throw e;
    }
  }

  /** The masters' URLs: the seed endpoints of {@code redis.mode: cluster}. */
  List<String> endpoints() {
    return nodes.stream().map(PrivateRedis::url).toList();
  }

  List<PrivateRedis> masters() {
    return nodes;
  }

  /**
   * Waits until every node reports {@code cluster_state:ok} and a link to every other node (after
   * creation, or a node's restart): a node publishes only over the links it has.
   */
  void awaitOk() {
    for (PrivateRedis node : nodes) {
      RedisTestCaches.eventually("node " + node.port() + " reports cluster_state:ok",
          () -> node.cli("CLUSTER", "INFO").contains("cluster_state:ok"));
      RedisTestCaches.eventually("node " + node.port() + " is linked to every node",
          () -> node.cli("CLUSTER", "NODES").lines().filter(line -> line.endsWith(" connected") || line.contains(" connected "))
              .count() == nodes.size());
    }
  }

  @Override
  public void close() {
    processes.close();
  }
}
