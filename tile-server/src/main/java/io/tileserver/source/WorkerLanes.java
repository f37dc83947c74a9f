package io.tileserver.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.tileserver.config.LimitsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The server's two lanes of tile work: {@code cluster} builds tiles from in-memory indexes (and
 * compresses them: a tile made from memory never waits behind the database's big tiles),
 * {@code compression} compresses every other tile. Sized by {@code limits.cluster-threads},
 * {@code limits.compression-threads} and {@code limits.worker-queue}.
 */
public record WorkerLanes(WorkerLane cluster, WorkerLane compression) {
  public static WorkerLanes create(Vertx vertx, LimitsConfig limits, MeterRegistry registry) {
    return new WorkerLanes(
        new WorkerLane(vertx, "cluster", limits.clusterThreads(), limits.workerQueue(), registry),
        new WorkerLane(vertx, "compression", limits.compressionThreads(), limits.workerQueue(), registry));
  }

  public Future<Void> close() {
    return Future.join(cluster.close(), compression.close()).mapEmpty();
  }
}
