package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.testing.TestServices;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The L2's shared Redis connections: each thread keeps to one, so an event loop's commands stay on its own socket. */
class RedisPipelinesTest {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final Redis client = Redis.createClient(vertx, TestServices.redisUrl());
  private final RedisPipelines pipelines = new RedisPipelines(client, 8, 5000);

  @AfterEach
  void close() throws TimeoutException {
    pipelines.close().await(10, TimeUnit.SECONDS);
    client.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The contexts of two verticle instances, which Vert.x places on its two event loops. */
  private List<Context> eventLoopContexts() throws TimeoutException {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2)).await(10, TimeUnit.SECONDS);
    return contexts;
  }

  /** The connections {@code next()} hands out to 50 calls made on {@code context}'s thread. */
  private Set<RedisConnection> connectionsUsedOn(Context context) throws TimeoutException {
    Promise<Set<RedisConnection>> used = Promise.promise();
    context.runOnContext(v -> {
      Set<RedisConnection> seen = new HashSet<>();
      Future<?> all = Future.succeededFuture();
      for (int i = 0; i < 50; i++) {
        all = all.compose(x -> pipelines.next().onSuccess(seen::add));
      }
      all.onComplete(done -> used.complete(seen));
    });
    return used.future().await(10, TimeUnit.SECONDS);
  }

  @Test
  void everyCommandOfOneEventLoopGoesOnOneConnectionAndAnotherLoopHasItsOwn() throws TimeoutException {
    List<Context> loops = eventLoopContexts();
    Context first = loops.get(0);
    Context second = loops.get(1);

    Set<RedisConnection> onFirst = connectionsUsedOn(first);
    Set<RedisConnection> onSecond = connectionsUsedOn(second);

    assertThat(onFirst).hasSize(1);
    assertThat(onSecond).hasSize(1);
    assertThat(onFirst).doesNotContainAnyElementsOf(onSecond);
    assertThat(connectionsUsedOn(first)).isEqualTo(onFirst);
  }
}
