package io.tileserver.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.ConfigLoader;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes base (deploy/k8s/base) agrees with the server: its config file loads, every
 * variable it references is set by the Deployment, the probes and port are the server's, and the
 * grace period covers the drain the config asks for.
 */
class KubernetesManifestsTest {
  private static final Path BASE = TestServices.projectRoot().resolve("deploy/k8s/base");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String file) throws IOException {
    return (Map<String, Object>) new Yaml().load(Files.readString(BASE.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, String... path) {
    Object current = node;
    for (String step : path) {
      current = current instanceof List<?> list ? list.get(Integer.parseInt(step)) : ((Map<String, Object>) current).get(step);
    }
    return (T) current;
  }

  private static Map<String, Object> container() throws IOException {
    return at(yaml("deployment.yaml"), "spec", "template", "spec", "containers", "0");
  }

  private static Set<String> envNames() throws IOException {
    List<Map<String, Object>> env = at(container(), "env");
    return env.stream().map(e -> (String) e.get("name")).collect(Collectors.toSet());
  }

  private ServerConfig config() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String name : envNames()) {
      env.put(name, "placeholder");
    }
    env.put("DATABASE_URL", "postgresql://app:secret@tiles-db-rw:5432/app");
    env.put("REDIS_URL", "redis://tiles-redis:6379");
    env.put("TILES_ADMIN_TOKEN", "a-long-enough-admin-token");
    return new ConfigLoader(new EnvSubstitution(env::get)).parse(Files.readString(BASE.resolve("tile-server.yaml")));
  }

  @Test
  void theConfigLoadsAndEveryVariableItNamesIsSetByTheDeployment() throws IOException {
    assertThat(config().sources()).containsKeys("listings", "zip_areas");
    Matcher references = Pattern.compile("\\$\\{([A-Z_]+)").matcher(Files.readString(BASE.resolve("tile-server.yaml")));
    Set<String> named = new java.util.TreeSet<>();
    while (references.find()) {
      named.add(references.group(1));
    }
    assertThat(envNames()).containsAll(named);
  }

  @Test
  void probesPortAndGracePeriodMatchTheServer() throws IOException {
    ServerConfig config = config();
    Map<String, Object> container = container();
    assertThat((Integer) at(container, "ports", "0", "containerPort")).isEqualTo(config.server().port());
    assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/ready");
    assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health");
    assertThat((String) at(container, "startupProbe", "httpGet", "path")).isEqualTo("/health");
    int grace = at(yaml("deployment.yaml"), "spec", "template", "spec", "terminationGracePeriodSeconds");
    assertThat(grace * 1000L).as("grace period covers the drain and the requests in flight")
        .isGreaterThan((long) config.shutdown().drainMs() + config.shutdown().timeoutMs());
    assertThat((Boolean) at(yaml("deployment.yaml"), "spec", "template", "spec", "securityContext", "runAsNonRoot"))
        .isTrue();
  }

  @Test
  void theKustomizationListsEveryManifestOfTheBase() throws IOException {
    List<String> resources = at(yaml("kustomization.yaml"), "resources");
    try (Stream<Path> files = Files.list(BASE)) {
      Set<String> manifests = files.map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml") && !name.equals("tile-server.yaml"))
          .collect(Collectors.toSet());
      assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
    }
  }
}
