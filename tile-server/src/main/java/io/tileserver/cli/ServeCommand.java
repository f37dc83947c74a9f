package io.tileserver.cli;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.EffectiveConfig;
import io.tileserver.config.ServerConfig;
import io.tileserver.app.ServerApp;
import io.tileserver.http.StandInListener;
import io.tileserver.source.postgis.PostgisErrors;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tile-server serve}: migrates when configured to, then serves until stopped. With no database
 * given and none needed (only files are served), it starts at once without one.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve vector tiles over HTTP.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOGGER = LoggerFactory.getLogger(ServeCommand.class);
  /** Beyond the drain and the requests' time, for closing pools, indexes and Vert.x. */
  private static final long CLOSE_GRACE_MS = 10_000;

  @Mixin ConfigOptions options;

  @Option(names = {"-p", "--port"}, paramLabel = "N",
      description = "Listen on this port (0 picks a free one); overrides server.port.")
  Integer port;

  @Option(names = "--data", paramLabel = "FILE", arity = "1..*",
      description = "Serve these files (GeoJSON, newline-delimited GeoJSON, CSV with lon/lat columns, MBTiles,"
          + " PMTiles), each as a source named after the file; a CSV of listings (a price, bedrooms, bathrooms or"
          + " sqft column) as a cluster source. Needs no database.")
  List<Path> data = List.of();

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = options.config(DataFiles.sources(data));
    DatabaseUrl database = options.databaseIfNeeded(config);
    LOGGER.info("effective config: {}", EffectiveConfig.describe(config));
    int listen = port != null ? port : config.server().port();
    ServerApp server = database == null ? ServerApp.start(config, null, listen).await()
        : startWhenTheDatabaseServes(config, database, listen);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // SIGTERM: out of rotation first, then the requests in flight finish, then everything closes.
      // Bounded: a close that never completes must not keep the process (and what it holds) alive.
      long bound = config.shutdown().drainMs() + config.shutdown().timeoutMs() + CLOSE_GRACE_MS;
      try {
        server.drainAndClose().toCompletionStage().toCompletableFuture().get(bound, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOGGER.error("shutdown did not finish within {} ms; exiting anyway", bound);
      } catch (ExecutionException e) {
        LOGGER.warn("shutdown failed: {}", e.getCause() == null ? e.getMessage() : e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Until the database answers, a stand-in holds the port and says why the server is not ready: a
   * container started before its database waits instead of crash-looping. A start the database then
   * fails to serve (it restarted meanwhile, or under load opened no connection in time) waits again
   * and starts again, rather than exiting.
   */
  private static ServerApp startWhenTheDatabaseServes(ServerConfig config, DatabaseUrl database, int listen)
      throws InterruptedException {
    while (true) {
      try (StandInListener standIn = StandInListener.open(config.server().host(), listen)) {
        DatabaseWait.until(database, config.schema().migrateOnStart(), standIn::reason);
      }
      try {
        return ServerApp.start(config, database, listen).await();
      } catch (Exception e) {
        // await() rethrows the start's failure as it is, socket IOExceptions included.
        if (!PostgisErrors.cannotServeNow(e)) {
          throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        }
        LOGGER.warn("the database did not serve the start ({}); waiting for it and starting again", e.getMessage());
      }
    }
  }
}
