package io.tileserver.style;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The MapLibre styles packaged with the server: {@code styles/*.json} at the repository root, copied
 * into the jar's {@code styles/} folder by the build. Read once at start; a style that is not valid
 * JSON stops the server there rather than at a client's request.
 */
public final class StyleCatalog {
  private static final String FOLDER = "styles";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private final Map<String, JsonObject> styles;

  StyleCatalog(Map<String, JsonObject> styles) {
    this.styles = Map.copyOf(styles);
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
