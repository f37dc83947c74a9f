package io.tileserver.http;

import io.tileserver.app.ServerApp;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/** The real server on a free port over a test database, with a plain JDK HTTP client. */
public final class TestServer implements AutoCloseable {
  /** Starting (schema check, source discovery) and stopping take seconds; minutes mean a hang. */
  private static final Duration LIFECYCLE_WAIT = Duration.ofMinutes(2);
  private final ServerApp app;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestServer(ServerApp app) {
    this.app = app;
  }

  /** Starts with {@code yaml} as the config file; {@code ${DATABASE_URL}} is the given database. */
  public static TestServer start(DatabaseUrl db, String yaml) {
    return start(db, yaml, 0);
  }

  /** Starts on {@code port} (0: a free one), whatever the config says. */
  public static TestServer start(DatabaseUrl db, String yaml, int port) {
    String url = "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/" + db.database();
    ServerConfig config = new ConfigLoader(new EnvSubstitution(Map.of("DATABASE_URL", url)::get)).parse(yaml);
    return new TestServer(Waits.await("the server starts", LIFECYCLE_WAIT, ServerApp.start(config, db, port)));
  }

  /**
   * Starts with {@code yaml} and no database at all: no URL exists for anything to connect to, and
   * {@code ${DATABASE_URL}} expands to nothing.
   */
  public static TestServer startWithoutDatabase(String yaml) {
    ServerConfig config = new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get)).parse(yaml);
    return new TestServer(Waits.await("the server starts", LIFECYCLE_WAIT, ServerApp.start(config, null, 0)));
  }

  /** Installs the function sources the HTTP tests share (resources/http/functions.sql) in {@code db}. */
  public static void installFunctions(DatabaseUrl db) throws SQLException, IOException {
    TestSql.execute(db, Files.readString(TestServices.projectRoot()
        .resolve("tile-server/src/test/resources/http/functions.sql")));
  }

  /** Waits until {@code /ready} answers 200 (cluster indexes loaded), failing after {@code timeout}. */
  public void awaitReady(Duration timeout) {
    Waits.until("/ready answers 200", timeout, () -> get("/ready").statusCode() == 200);
  }

  public String base() {
    return "http://127.0.0.1:" + app.port();
  }

  public ServerApp app() {
    return app;
  }

  public HttpResponse<byte[]> get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET(), headers);
  }

  public HttpResponse<byte[]> send(HttpRequest.Builder builder, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A POST without a body. */
  public HttpResponse<byte[]> post(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.noBody()), headers);
  }

  @Override
  public void close() {
    Waits.await("the server stops", LIFECYCLE_WAIT, app.close());
  }
}
