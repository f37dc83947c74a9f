package io.tileserver.http;

import io.tileserver.config.IpRange;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The one place that decides whether {@code X-Forwarded-*} headers are believed: only when the
 * connection comes from a configured proxy ({@code server.trusted-proxies}). Anyone else could write
 * them, and would then choose the host names in TileJSON and styles or the address a rate limit
 * counts against.
 */
final class TrustedProxies {
  private final List<IpRange> ranges;

  TrustedProxies(List<IpRange> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** True when {@code request} came straight from a trusted proxy. */
  boolean trusts(HttpServerRequest request) {
    if (ranges.isEmpty()) {
      return false;
    }
    SocketAddress remote = request.remoteAddress();
    return remote != null && trusted(remote.hostAddress());
  }

  /**
   * The last value of a forwarded header: the one the nearest proxy wrote (a proxy that appends
   * puts its own value last; what comes before it came from further away, possibly the client).
   * Null when the header is absent or the request did not come from a trusted proxy.
   */
  String forwarded(HttpServerRequest request, String header) {
    if (!trusts(request)) {
      return null;
    }
    String value = request.getHeader(header);
    if (value == null) {
      return null;
    }
    String last = value.substring(value.lastIndexOf(',') + 1).trim();
    return last.isEmpty() ? null : last;
  }

  /**
   * The client's address: the connection's peer, or behind trusted proxies the right-most
   * {@code X-Forwarded-For} entry that is not itself a trusted proxy (entries to its left were
   * written by the client and prove nothing).
   */
  String clientAddress(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    String peer = remote == null ? "unknown" : remote.hostAddress();
    if (!trusts(request)) {
      return peer;
    }
    String chain = request.getHeader("X-Forwarded-For");
    if (chain == null) {
      return peer;
    }
    String[] hops = chain.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (IpRange.address(hop) == null) {
        break;
      }
      client = hop;
      if (!trusted(hop)) {
        break;
      }
    }
    return client;
  }

  private boolean trusted(String literal) {
    byte[] address = IpRange.address(literal);
    if (address == null) {
      return false;
    }
    for (IpRange range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
