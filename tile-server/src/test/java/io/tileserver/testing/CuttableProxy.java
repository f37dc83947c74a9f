package io.tileserver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on a free loopback port in front of a real server, whose connections a test can
 * cut the way a crashed host or a firewall does: reset (RST, so the client reads "connection reset
 * by peer") or refuse new ones. One virtual thread per direction of each connection.
 */
public final class CuttableProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final int port;
  private volatile ServerSocket listener;
  private final AtomicInteger forwardBeforeDrops = new AtomicInteger();
  private final AtomicInteger drops = new AtomicInteger();

  private CuttableProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = bind(0);
    this.port = listener.getLocalPort();
    acceptLoop(listener);
  }

  public static CuttableProxy to(String host, int port) {
    try {
      return new CuttableProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Resets every open connection, both ways. */
  public void resetAll() {
    for (Socket socket : sockets) {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    sockets.clear();
  }

  /**
   * Forwards the next {@code forwarded} connections, then resets the {@code dropped} after them as
   * soon as they open (a database restarting just after a client checked it was up), then forwards
   * again.
   */
  public void dropAfter(int forwarded, int dropped) {
    forwardBeforeDrops.set(forwarded);
    drops.set(dropped);
  }

  /** Stops listening (new connections are refused) and resets the open ones. */
  public void refuse() throws IOException {
    listener.close();
    resetAll();
  }

  /** Listens again on the same port (after {@link #refuse}); does nothing while listening. */
  public void accept() throws IOException {
    if (listener.isClosed()) {
      listener = bind(port);
      acceptLoop(listener);
    }
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress("127.0.0.1", port));
    return socket;
  }

  private void acceptLoop(ServerSocket server) {
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          if (forwardBeforeDrops.getAndUpdate(n -> Math.max(0, n - 1)) == 0
              && drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            client.setSoLinger(true, 0);
            client.close();
            continue;
          }
          Socket upstream = new Socket(target.getAddress(), target.getPort());
          sockets.add(client);
          sockets.add(upstream);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  private static void pump(Socket from, Socket to) {
    Thread.ofVirtual().start(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException cut) {
        // either side went away; the other is closed below
      }
      try {
        to.close();
      } catch (IOException ignored) {
        // already closed
      }
    });
  }

  @Override
  public void close() throws IOException {
    refuse();
  }
}
