package io.tileserver.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.tileserver.testing.TestServices.ProcessRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
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
        "TILES_PG_REPLICA_PORT", String.valueOf(freePort()),
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
  void aStreamingReplicaStartsTwiceFollowsThePrimaryAndStopsWithIt() throws SQLException {
    services("start").expectSuccess();
    String replicaPort = env.get("TILES_PG_REPLICA_PORT");
    assertThat(services("env").expectSuccess().stdout()).as("no replica yet").doesNotContain("DATABASE_REPLICA_URL");
    assertThat(services("start-replica").expectSuccess().stdout())
        .contains("postgresql replica: running on 127.0.0.1:" + replicaPort);
    assertThat(services("start-replica").expectSuccess().stdout())
        .contains("postgresql replica: running on 127.0.0.1:" + replicaPort);
    assertThat(services("status").stdout()).contains("postgresql replica: running on 127.0.0.1:" + replicaPort);
    String replicaUrl = "postgresql://tiles:tiles@127.0.0.1:" + replicaPort + "/tiles";
    assertThat(services("env").expectSuccess().stdout()).contains("export DATABASE_REPLICA_URL=" + replicaUrl);

    DatabaseUrl primary = new DatabaseUrl("127.0.0.1", Integer.parseInt(env.get("TILES_PG_PORT")), "tiles", "tiles",
        "tiles");
    DatabaseUrl replica = DatabaseUrl.parse(replicaUrl);
    TestSql.execute(primary, "DROP TABLE IF EXISTS replicated; CREATE TABLE replicated (id int); INSERT INTO replicated VALUES (1)");
    Waits.until("the row reaches the replica", Duration.ofSeconds(30), () -> replicated(replica));
    assertThat(TestSql.count(replica, "SELECT count(*) WHERE pg_is_in_recovery()"))
        .as("a standby").isEqualTo(1);
    assertThatThrownBy(() -> TestSql.execute(replica, "INSERT INTO replicated VALUES (2)"))
        .as("a hot standby is read-only").hasMessageContaining("read-only");

    services("stop-replica").expectSuccess();
    assertThat(services("status").stdout()).doesNotContain("postgresql replica");
    assertThat(services("env").expectSuccess().stdout()).doesNotContain("DATABASE_REPLICA_URL");
    services("start-replica").expectSuccess();
    services("stop").expectSuccess();
    assertThat(services("status").stdout()).doesNotContain("postgresql replica: running");
  }

  private static boolean replicated(DatabaseUrl replica) {
    try {
      return TestSql.count(replica, "SELECT count(*) FROM replicated") == 1;
    } catch (SQLException notYet) {
      return false;
    }
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
