package io.tileserver.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestServices.ProcessRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local services script, run against a private state directory and ports of its own so the
 * services the other tests use are never stopped.
 */
class ServicesScriptTest {
  private static Map<String, String> env;
  private static String script;

  @BeforeAll
  static void privateInstance() throws IOException {
    assumeTrue(TestServices.usingLocalServices(), "only meaningful where the script provides the services");
    script = TestServices.projectRoot().resolve("deploy/local/services.sh").toString();
    Path state = TestServices.projectRoot().resolve("tile-server/target/services-script-test");
    env = Map.of(
        "TILES_LOCAL_DIR", state.toString(),
        "TILES_PG_PORT", String.valueOf(freePort()),
        "TILES_REDIS_PORT", String.valueOf(freePort()));
    services("stop"); // a cluster left behind by an interrupted earlier run
    TestServices.run("rm", "-rf", state.toString());
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      services("stop");
    }
  }

  private static ProcessRun services(String command) {
    return ProcessRun.of(env, "bash", script, command);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void startTwiceSucceedsAndStatusTellsTheTruthAfterStop() {
    assertThat(services("start").expectSuccess().stdout()).contains("postgresql: running", "redis: running");
    assertThat(services("start").expectSuccess().stdout()).contains("postgresql: running", "redis: running");

    ProcessRun running = services("status");
    assertThat(running.exitCode()).isZero();
    assertThat(running.stdout()).contains("postgresql: running on 127.0.0.1:" + env.get("TILES_PG_PORT"));

    services("stop").expectSuccess();
    ProcessRun stopped = services("status");
    assertThat(stopped.exitCode()).isEqualTo(3);
    assertThat(stopped.stdout()).contains("postgresql: stopped", "redis: stopped");
  }

  @Test
  void envPrintsTheConnectionSettingsAsExports() {
    String out = services("env").expectSuccess().stdout();
    assertThat(out).contains(
        "export PGHOST=127.0.0.1",
        "export PGPORT=" + env.get("TILES_PG_PORT"),
        "export PGUSER=tiles",
        "export PGDATABASE=tiles",
        "export DATABASE_URL=postgresql://tiles:tiles@127.0.0.1:" + env.get("TILES_PG_PORT") + "/tiles",
        "export REDIS_URL=redis://127.0.0.1:" + env.get("TILES_REDIS_PORT"));
  }
}
