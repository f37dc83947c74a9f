package io.tileserver.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestServices.ProcessRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scrape config and alert rules of deploy/prometheus are valid, and the rules fire when they
 * should, by promtool's own unit tests (rules-test.yml: input series for a sick instance, every alert expected; a healthy
 * one, none). deploy/local/test.sh provides promtool ({@code PROMTOOL}).
 */
class PrometheusRulesTest {
  private static final Path RULES = TestServices.projectRoot().resolve("deploy/prometheus");

  private static String promtool() {
    String path = System.getenv("PROMTOOL");
    assertThat(path).as("PROMTOOL (set by deploy/local/test.sh)").isNotBlank();
    assertThat(Files.isExecutable(Path.of(path))).as(path + " is executable").isTrue();
    return path;
  }

  @Test
  void theRulesAreValid() {
    ProcessRun run = ProcessRun.of(Map.of(), promtool(), "check", "rules", RULES.resolve("rules.yml").toString());
    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
  }

  @Test
  void theScrapeConfigIsValidAndLoadsTheRules() {
    ProcessRun run = ProcessRun.of(Map.of(), promtool(), "check", "config", RULES.resolve("prometheus.yml").toString());
    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout()).contains("1 rule files found");
  }

  @Test
  void eachAlertFiresOnItsFaultAndNoneOnAHealthyInstance() {
    ProcessRun run = ProcessRun.of(Map.of(), "sh", "-c",
        "cd '" + RULES + "' && '" + promtool() + "' test rules rules-test.yml");
    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
  }
}
