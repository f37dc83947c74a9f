package io.tileserver.cli;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.EffectiveConfig;
import io.tileserver.config.ServerConfig;
import io.tileserver.ServerApp;
import io.tileserver.http.StandInListener;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tile-server serve}: migrates when configured to, then serves until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve vector tiles over HTTP.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOGGER = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin ConfigOptions options;

  @Option(names = {"-p", "--port"}, paramLabel = "N",
      description = "Listen on this port (0 picks a free one); overrides server.port.")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    ServerConfig config = options.config();
    DatabaseUrl database = options.database(config);
    LOGGER.info("effective config: {}", EffectiveConfig.describe(config));
    int listen = port != null ? port : config.server().port();
    // Until the database answers, a stand-in holds the port and says why the server is not ready:
    // a container started before its database waits instead of crash-looping.
    try (StandInListener standIn = StandInListener.open(listen)) {
      DatabaseWait.until(database, config.schema().migrateOnStart(), standIn::reason);
    }
    ServerApp server = ServerApp.start(config, database, listen).await();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // SIGTERM: out of rotation first, then the requests in flight finish, then everything closes.
      server.drainAndClose().await();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }
}
