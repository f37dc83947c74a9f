package io.tileserver.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets a request naming an HTTP version other than 1.0 or 1.1 reach the one error path. Netty parses
 * {@code HTTP/9.9} as a valid request line, and Vert.x would answer it {@code 501} with no body before
 * any handler of ours runs. This Netty handler, placed just before Vert.x's own in the connection's
 * pipeline, rewrites such a request to HTTP/1.1 and marks it, and {@link RequestScreen} refuses
 * marked requests with a JSON 400. It reaches the pipeline through Vert.x's internal
 * {@code ConnectionBase}, the only way in; a client that sends the marker itself gets the same 400.
 */
@ChannelHandler.Sharable
final class UnknownVersionMarker extends ChannelInboundHandlerAdapter {
  static final String HEADER = "X-Tileserver-Unknown-Http-Version";
  private static final UnknownVersionMarker INSTANCE = new UnknownVersionMarker();

  private UnknownVersionMarker() {}

  /** Installs the marker on {@code connection} (HTTP/1.x connections of Vert.x; others are left alone). */
  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelHandlerContext vertx = base.channelHandlerContext();
      vertx.pipeline().addBefore(vertx.name(), "unknown-http-version", INSTANCE);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      HttpVersion version = request.protocolVersion();
      if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        request.headers().set(HEADER, version.text());
      }
    }
    ctx.fireChannelRead(msg);
  }
}
