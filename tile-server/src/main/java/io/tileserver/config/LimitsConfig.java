package io.tileserver.config;

/**
 * Bounds on what one client, one connection or one burst can make the server do.
 *
 * @param requestDeadlineMs every request is answered within this, waiting for a connection or a
 *     worker included; past it the answer is 503 with {@code Retry-After}
 * @param idleTimeoutSeconds a connection with no traffic this long is closed
 * @param headerTimeoutMs a connection that has not sent a whole request head this long after it
 *     opened (or after its last response) is closed: a client dripping header bytes cannot hold it
 * @param maxConnections open connections per process; more are closed as they arrive
 * @param maxBuildsPerSource uncached tiles one source may be building at once, compression
 *     included. Null: {@code database.pool-size} for PostGIS sources, no limit for cluster sources
 *     (their worker lane bounds them)
 * @param buildQueue builds of one source that may wait for one of its slots; more are answered 503
 * @param buildWaitMs how long a build waits for a slot before its request is answered 503
 * @param clusterThreads workers building cluster tiles; default one per core
 * @param compressionThreads workers compressing tiles from the database; default one per two cores,
 *     so compression of megabyte tiles cannot take every core from cluster tiles
 * @param workerQueue tasks that may wait for a worker of each lane; more are answered 503 at once
 */
public record LimitsConfig(Integer requestDeadlineMs, Integer idleTimeoutSeconds, Integer headerTimeoutMs,
    Integer maxConnections, Integer maxBuildsPerSource, Integer buildQueue, Integer buildWaitMs,
    Integer clusterThreads, Integer compressionThreads, Integer workerQueue) {
  public LimitsConfig {
    requestDeadlineMs = requestDeadlineMs == null ? 6000 : requestDeadlineMs;
    InvalidValue.require(requestDeadlineMs > 0, "request-deadline-ms", "must be positive, was " + requestDeadlineMs);
    idleTimeoutSeconds = idleTimeoutSeconds == null ? 60 : idleTimeoutSeconds;
    InvalidValue.require(idleTimeoutSeconds > 0, "idle-timeout-seconds", "must be positive, was " + idleTimeoutSeconds);
    headerTimeoutMs = headerTimeoutMs == null ? 10_000 : headerTimeoutMs;
    InvalidValue.require(headerTimeoutMs > 0, "header-timeout-ms", "must be positive, was " + headerTimeoutMs);
    maxConnections = maxConnections == null ? 10_000 : maxConnections;
    InvalidValue.require(maxConnections > 0, "max-connections", "must be positive, was " + maxConnections);
    InvalidValue.require(maxBuildsPerSource == null || maxBuildsPerSource > 0, "max-builds-per-source",
        "must be positive, was " + maxBuildsPerSource);
    buildQueue = buildQueue == null ? 256 : buildQueue;
    InvalidValue.require(buildQueue >= 0, "build-queue", "must be >= 0, was " + buildQueue);
    buildWaitMs = buildWaitMs == null ? Math.min(1000, requestDeadlineMs / 2) : buildWaitMs;
    InvalidValue.require(buildWaitMs >= 0 && buildWaitMs < requestDeadlineMs, "build-wait-ms",
        "must be 0..request-deadline-ms - 1 (" + (requestDeadlineMs - 1) + "), was " + buildWaitMs);
    int cores = Runtime.getRuntime().availableProcessors();
    clusterThreads = clusterThreads == null ? cores : clusterThreads;
    InvalidValue.require(clusterThreads > 0, "cluster-threads", "must be positive, was " + clusterThreads);
    compressionThreads = compressionThreads == null ? Math.max(1, cores / 2) : compressionThreads;
    InvalidValue.require(compressionThreads > 0, "compression-threads", "must be positive, was " + compressionThreads);
    workerQueue = workerQueue == null ? 64 : workerQueue;
    InvalidValue.require(workerQueue >= 0, "worker-queue", "must be >= 0, was " + workerQueue);
  }
}
