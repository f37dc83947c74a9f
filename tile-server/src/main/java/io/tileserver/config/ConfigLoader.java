package io.tileserver.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tileserver.config.martin.MartinConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the YAML config: substitutes environment references, reads a Martin file as ours
 * ({@link MartinConfig}), binds it, and turns every binding failure into a {@link ConfigException}
 * that names the dotted key and the fix.
 */
public final class ConfigLoader {
  private static final Logger LOGGER = LoggerFactory.getLogger(ConfigLoader.class);

  /** Which file format a config is: told by its keys, or said by the operator. */
  public enum Format {
    AUTO,
    OURS,
    MARTIN
  }

  private final EnvSubstitution env;
  private final Format format;
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  public ConfigLoader(EnvSubstitution env) {
    this(env, Format.AUTO);
  }

  public ConfigLoader(EnvSubstitution env, Format format) {
    this.env = env;
    this.format = format;
  }

  /** Loads {@code file}, or with no file the defaults (database from {@code DATABASE_URL}). */
  public ServerConfig load(Path file) {
    return load(file, Map.of());
  }

  /**
   * Loads {@code file} (or the defaults) with {@code moreSources} added after its own, as if the
   * file listed them ({@code serve --data}); an id the file has already is an error.
   */
  public ServerConfig load(Path file, Map<String, Object> moreSources) {
    if (file == null) {
      return parse("database:\n  url: ${DATABASE_URL:-}\n", moreSources);
    }
    try {
      return parse(Files.readString(file), moreSources);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  /**
   * Binds YAML text. SnakeYAML reads it first so anchors, aliases and merge keys work (Jackson's YAML
   * parser leaves aliases unresolved); Jackson then binds the tree with paths in every error.
   */
  public ServerConfig parse(String yaml) {
    return parse(yaml, Map.of());
  }

  private ServerConfig parse(String yaml, Map<String, Object> moreSources) {
    Object tree;
    try {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(env.apply(yaml));
    } catch (YAMLException e) {
      throw new ConfigException("config is not valid YAML: " + e.getMessage());
    }
    if (format == Format.MARTIN || (format == Format.AUTO && MartinConfig.isMartin(tree))) {
      MartinConfig.Translation martin = MartinConfig.translate(tree);
      martin.warnings().forEach(LOGGER::warn);
      tree = martin.config();
    }
    if (!moreSources.isEmpty()) {
      tree = withSources(tree, moreSources);
    }
    if (tree == null) {
      return new ServerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
    try {
      return mapper.treeToValue(mapper.valueToTree(tree), ServerConfig.class);
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
      throw new ConfigException(
          "unknown config key `" + path(e) + "`; known keys here: " + known);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof InvalidValue invalid) {
        String parent = path(e);
        String key = parent.isEmpty() ? invalid.key() : parent + "." + invalid.key();
        throw new ConfigException("config key `" + key + "` " + invalid.requirement());
      }
      String cause = e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage();
      throw new ConfigException("config key `" + path(e) + "`: " + cause);
    } catch (JsonMappingException e) {
      throw new ConfigException("config key `" + path(e) + "` has a bad value: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("config cannot be read: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Object withSources(Object tree, Map<String, Object> moreSources) {
    Map<String, Object> root = tree instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map)
        : new LinkedHashMap<>();
    Map<String, Object> sources = root.get("sources") instanceof Map<?, ?> map
        ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
    moreSources.forEach((id, source) -> {
      if (sources.putIfAbsent(id, source) != null) {
        throw new ConfigException("sources." + id + " is configured already; rename the file to serve it beside");
      }
    });
    root.put("sources", sources);
    return root;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
