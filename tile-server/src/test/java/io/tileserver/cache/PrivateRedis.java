package io.tileserver.cache;

import io.tileserver.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of a test's own on a free loopback port (no persistence), which the test may stop,
 * start again on the same port, or freeze with SIGSTOP — outages the shared Redis must not suffer.
 * Cluster nodes and Sentinels are redis-servers with more options ({@link PrivateRedisCluster},
 * {@link PrivateRedisSentinel}).
 */
final class PrivateRedis implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/bin/redis-server");
  private final int port;
  private final List<String> arguments;
  private Process process;

  PrivateRedis() {
    this(freePort(), List.of());
  }

  /** A redis-server on {@code port} with {@code options} after the usual ones (e.g. cluster settings). */
  PrivateRedis(int port, List<String> options) {
    this(port, List.of(), options);
  }

  private PrivateRedis(int port, List<String> leading, List<String> options) {
    this.port = port;
    List<String> all = new ArrayList<>(leading);
    all.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
    all.addAll(options);
    this.arguments = List.copyOf(all);
  }

  /** A Sentinel on {@code port}; it rewrites {@code config} as it learns, as every Sentinel must be able to. */
  static PrivateRedis sentinel(int port, Path config) {
    return new PrivateRedis(port, List.of(config.toString(), "--sentinel"), List.of());
  }

  static int freePort() {
    return freePorts(1).getFirst();
  }

  /** {@code count} distinct free ports (all held open while picking, so none is handed out twice). */
  static List<Integer> freePorts(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        held.add(new ServerSocket(0));
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException e) {
          // The port is released either way.
        }
      }
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Runs {@code redis-cli} against this server, returning its output. */
  String cli(String... command) {
    List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    line.addAll(List.of(command));
    return TestServices.run(line.toArray(String[]::new));
  }

  PrivateRedis start() {
    if (!SERVER.toFile().canExecute()) {
      throw new IllegalStateException(SERVER + " is missing: install redis-server (deploy/local installs it)");
    }
    try {
      List<String> command = new ArrayList<>(List.of(SERVER.toString()));
      command.addAll(arguments);
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!answersPing()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " did not start");
      }
      sleep(20);
    }
    return this;
  }

  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGSTOP: the port keeps accepting connections but nothing answers. */
  void freeze() {
    TestServices.run("kill", "-STOP", Long.toString(process.pid()));
  }

  void thaw() {
    TestServices.run("kill", "-CONT", Long.toString(process.pid()));
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      return in.readNBytes(reply, 0, 7) == 7 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      thaw();
      stop();
    }
  }
}
