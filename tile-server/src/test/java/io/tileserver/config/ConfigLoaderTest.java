package io.tileserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader =
      new ConfigLoader(new EnvSubstitution(Map.of("DB", "postgresql://u:p@db:5433/tiles", "EMPTY", "")::get));

  @Test
  void environmentReferencesAreSubstitutedWithDefaultsForUnsetOnes() {
    ServerConfig config = loader.parse("""
        server:
          port: ${PORT:-8080}
        database:
          url: ${DB}
        """);
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.database().parsedUrl()).isEqualTo(new DatabaseUrl("db", 5433, "tiles", "u", "p"));
  }

  @Test
  void anEmptyVariableTakesTheDefault() {
    assertThat(loader.parse("server:\n  port: ${EMPTY:-9000}\n").server().port()).isEqualTo(9000);
  }

  @Test
  void anUnsetVariableWithoutDefaultNamesItsLine() {
    assertThatThrownBy(() -> loader.parse("server:\n  port: ${NOPE}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config line 2: ${NOPE} is not set; export it or write ${NOPE:-default}");
  }

  @Test
  void unknownKeysAreRejectedByDottedPathWithTheKnownOnes() {
    assertThatThrownBy(() -> loader.parse("server:\n  prot: 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown config key `server.prot`; known keys here: base-path, cache, cache-control,"
            + " cors-origins, host, immutable-cache-control, martin-routes, port, preferred-encoding, public-url,"
            + " tilejson-cache-control, trusted-proxies");
  }

  @Test
  void badValuesNameTheKeyAndTheRange() {
    assertThatThrownBy(() -> loader.parse("server:\n  port: 70000\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `server.port` must be 0..65535 (0 picks a free port), was 70000");
    assertThatThrownBy(() -> loader.parse("server:\n  port: lots\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key `server.port` has a bad value");
  }

  @Test
  void aBadFilterDeclarationNamesTheFilterAndTheProblem() {
    assertThatThrownBy(() -> loader.parse(
        "sources:\n  p:\n    filters:\n      cheap: {column: price, op: \">=\", type: bool}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key `sources.p.filters.cheap`: op >= cannot compare a bool; use = or !=");
  }

  @Test
  void defaultsApplyToAnEmptyFile() {
    ServerConfig config = loader.parse("");
    assertThat(config.server().port()).isEqualTo(3000);
    assertThat(config.schema().migrateOnStart()).isTrue();
    assertThat(config.database().poolSize()).isEqualTo(8);
  }

  @Test
  void anchorsAndAliasesShareOneBlock() {
    ServerConfig config = loader.parse("""
        sources:
          a:
            filters: &shared
              beds: {column: bedrooms, op: ">=", type: int}
          b:
            function: f
            filters: *shared
        """);
    assertThat(config.sources().get("b").filters()).isEqualTo(config.sources().get("a").filters());
  }

  @Test
  void brokenYamlIsReportedAsSuch() {
    assertThatThrownBy(() -> loader.parse("server: [port"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config is not valid YAML");
  }

  @Test
  void theEffectiveConfigIsLoggableWithSecretsMasked() {
    ServerConfig config = loader.parse("""
        database:
          url: postgresql://tiles:hunter2@db:5432/tiles
          replicas: [postgresql://tiles:hunter3@standby:5432/tiles]
        """);
    String described = EffectiveConfig.describe(config);
    assertThat(described).contains("postgresql://tiles:***@db:5432/tiles", "postgresql://tiles:***@standby:5432/tiles",
        "\"pool-size\":8").doesNotContain("hunter2", "hunter3");
  }

  @Test
  void replicasAreUrlsWithEmptyEntriesLeftOutSoOneFileServesWithAndWithoutThem() {
    ServerConfig config = loader.parse("""
        database:
          url: ${DB}
          replicas: ["${DB}", "${EMPTY:-}", "${UNSET_REPLICA:-}"]
        """);
    assertThat(config.database().replicaUrls()).containsExactly(new DatabaseUrl("db", 5433, "tiles", "u", "p"));
    assertThat(config.database().replicaProbeMs()).isEqualTo(5000);
    assertThat(loader.parse("database: {url: '${DB}'}").database().replicaUrls()).isEmpty();
  }

  @Test
  void aReplicaThatIsNotAUrlIsNamedByIndexWithoutEchoingIt() {
    assertThatThrownBy(() -> loader.parse("""
        database:
          replicas: [postgresql://u:p@a/tiles, "mysql://u:secret@b/tiles"]
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key `database.replicas[1]` must be a postgresql:// URL")
        .hasMessageNotContaining("secret");
  }
}
