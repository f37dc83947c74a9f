package io.tileserver.source.file;

import io.tileserver.config.ConfigException;
import io.tileserver.config.FileKinds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the features of a GeoJSON, newline-delimited GeoJSON or CSV file, whichever its source's
 * kind and name say. Every problem — a missing file, bad JSON, a CSV without position columns, a
 * malformed geometry — is a {@link ConfigException} naming the source's key, the file and what is
 * wrong, so a bad file stops the start with one clear line.
 */
public final class FeatureFiles {
  private FeatureFiles() {}

  /**
   * Streams the features of {@code file} to {@code sink}.
   *
   * @param key the config key of the file, for messages ({@code sources.zips.file})
   * @param kind geojson or csv
   * @return rows skipped for want of a position (CSV rows with an empty longitude or latitude)
   */
  public static long read(String key, String kind, Path file, Consumer<FileFeature> sink) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(key + ": " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
    }
    try {
      if (kind.equals("csv")) {
        CsvFeatures csv = new CsvFeatures();
        csv.read(file, sink);
        return csv.withoutPosition();
      }
      new GeoJsonFeatures().read(file, FileKinds.isLineDelimited(file.toString()), sink);
      return 0;
    } catch (IOException e) {
      throw new ConfigException(key + ": " + file + " " + phrase(e.getMessage()));
    }
  }

  /** Streams the features of the FeatureCollection packaged at {@code resource}; a missing one is a packaging bug. */
  public static void readPackaged(String resource, Consumer<FileFeature> sink) {
    try (InputStream in = FeatureFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path; build with mvn package");
      }
      new GeoJsonFeatures().readCollection(in, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
    }
  }

  /** Messages read after the file name: "is not valid JSON…", or "…: line 3: …" for a located problem. */
  private static String phrase(String message) {
    return message.startsWith("is ") || message.startsWith("has ") ? message : "is unusable: " + message;
  }
}
