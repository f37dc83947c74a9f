package io.tileserver.style;

import io.tileserver.config.ConfigException;
import io.tileserver.config.StylesConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The MapLibre styles the server has: those packaged with it ({@code styles/*.json} at the
 * repository root, copied into the jar's {@code styles/} folder by the build) and the style files of
 * the {@code styles} config section, as Martin serves them. Read once at start; a style that is not
 * valid JSON stops the server there, naming the file, rather than failing a client's request.
 */
public final class StyleCatalog {
  private static final String FOLDER = "styles";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  /** Configured styles are named after their files, as in Martin; the name is a URL path segment. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private final Map<String, JsonObject> styles;

  StyleCatalog(Map<String, JsonObject> styles) {
    this.styles = Map.copyOf(styles);
  }

  /**
   * The packaged styles and the configured style files ({@code paths}: files, or directories whose
   * {@code .json} files are searched recursively; {@code sources}: name → file). A name taken twice,
   * a missing file or one that is not a JSON object stops the start naming the key and the file.
   */
  public static StyleCatalog load(StylesConfig config) {
    Map<String, JsonObject> styles = new TreeMap<>(packaged().styles);
    Map<String, Path> files = new LinkedHashMap<>();
    for (int i = 0; i < config.paths().size(); i++) {
      String key = "styles.paths[" + i + "]";
      for (Path file : jsonFiles(Path.of(config.paths().get(i)), key)) {
        add(styles, files, file.getFileName().toString().replaceFirst("(?i)\\.json$", ""), file, key);
      }
    }
    config.sources().forEach((name, file) -> {
      String key = "styles.sources." + name;
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(key + ": " + path + (Files.exists(path) ? " is not a file" : " does not exist")
            + "; name a MapLibre style JSON file");
      }
      add(styles, files, name, path, key);
    });
    return new StyleCatalog(styles);
  }

  private static List<Path> jsonFiles(Path path, String key) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new ConfigException(key + ": " + path + " does not exist; name a style JSON file or a directory of them");
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
          .filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot list " + path + ": " + e.getMessage());
    }
  }

  private static void add(Map<String, JsonObject> styles, Map<String, Path> files, String name, Path file,
      String key) {
    if (!FILE_NAME.matcher(name).matches()) {
      throw new ConfigException(key + ": the style name \"" + name + "\" (of " + file + ") must be letters, digits,"
          + " _, . and -; list the file under styles.sources with such a name");
    }
    if (styles.containsKey(name)) {
      throw new ConfigException(key + ": the style name \"" + name + "\" (of " + file + ") is taken by "
          + (files.containsKey(name) ? files.get(name).toString() : "a packaged style")
          + "; list the file under styles.sources with another name");
    }
    JsonObject style;
    try {
      style = new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException(key + ": " + file + " is not a JSON object (a MapLibre style): " + e.getMessage());
    }
    styles.put(name, style);
    files.put(name, file);
  }

  /** Loads every style in the class path's {@code styles/} folder (inside the jar or on disk). */
  public static StyleCatalog packaged() {
    URL folder = StyleCatalog.class.getClassLoader().getResource(FOLDER);
    if (folder == null) {
      return new StyleCatalog(Map.of());
    }
    try {
      URI uri = folder.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return new StyleCatalog(read(jar.provider().getPath(uri)));
        } catch (FileSystemAlreadyExistsException e) {
          // Someone else (Liquibase, for sql/) has the jar open: read through theirs, leave it open.
          return new StyleCatalog(read(FileSystems.getFileSystem(uri).provider().getPath(uri)));
        }
      }
      return new StyleCatalog(read(Path.of(uri)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packaged styles", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad class path URL " + folder, e);
    }
  }

  private static Map<String, JsonObject> read(Path folder) throws IOException {
    Map<String, JsonObject> styles = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        if (NAME.matcher(name).matches()) {
          try (InputStream in = Files.newInputStream(file)) {
            styles.put(name, new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    return styles;
  }

  /** The style as packaged (callers rewrite a copy, never this one). */
  public Optional<JsonObject> find(String name) {
    return Optional.ofNullable(styles.get(name));
  }

  public List<String> names() {
    return List.copyOf(new TreeMap<>(styles).keySet());
  }
}
