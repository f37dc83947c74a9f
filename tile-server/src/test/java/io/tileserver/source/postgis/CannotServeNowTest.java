package io.tileserver.source.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.source.SourceUnavailableException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which start failures {@code serve} waits out and retries ({@link PostgisErrors#cannotServeNow}):
 * the database refusing, restarting or opening no connection in time, however deeply wrapped; never
 * a failure that waiting cannot cure.
 */
class CannotServeNowTest {
  @Test
  void aRefusedConnectionFromThePoolIsWaitedOut() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort)
          .setDatabase("tiles").setUser("tiles").setPassword("tiles")).using(vertx).build();
      Throwable refused = pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture()
          .handle((rows, failure) -> failure).get(30, TimeUnit.SECONDS);
      assertThat(refused).isNotNull();
      assertThat(PostgisErrors.cannotServeNow(new IllegalStateException("source discovery failed", refused))).isTrue();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void noConnectionInTimeOrAServerShuttingDownIsWaitedOut() {
    assertThat(PostgisErrors.cannotServeNow(new IllegalStateException("loading sources",
        new VertxException("Timeout waiting for connection", true)))).isTrue();
    assertThat(PostgisErrors.cannotServeNow(new PgException("the database system is starting up", "FATAL", "57P03",
        null))).isTrue();
  }

  @Test
  void aCommandOnAConnectionThatClosedMeanwhileIsTheDatabaseLostNotAFailure() {
    VertxException notActive = new VertxException("Connection is not active now, current status: CLOSED", true);

    assertThat(PostgisErrors.cannotServeNow(notActive)).isTrue();
    assertThat(PostgisErrors.translate("source properties tile 10/301/385", notActive, 5000))
        .isInstanceOf(SourceUnavailableException.class);
  }

  @Test
  void whatWaitingCannotCureEndsTheStart() {
    assertThat(PostgisErrors.cannotServeNow(new PgException("relation \"properties\" does not exist", "ERROR",
        "42P01", null))).isFalse();
    assertThat(PostgisErrors.cannotServeNow(new PgException("password authentication failed", "FATAL", "28P01",
        null))).isFalse();
    assertThat(PostgisErrors.cannotServeNow(new IllegalArgumentException("source listings: no column price"))).isFalse();
  }
}
