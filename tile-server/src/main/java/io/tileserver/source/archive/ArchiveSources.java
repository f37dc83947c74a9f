package io.tileserver.source.archive;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileArchive;
import io.tileserver.archive.TileCompression;
import io.tileserver.archive.mbtiles.MbtilesArchive;
import io.tileserver.archive.pmtiles.PmtilesArchive;
import io.tileserver.config.ConfigException;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.WorkerLane;
import io.tileserver.tile.Bounds;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured MBTiles and PMTiles sources ({@code kind: mbtiles|pmtiles}, {@code file: …}). Each
 * file is opened at start (a file that cannot be opened stops the start, naming it) and watched: when
 * its size or modification time changes and stays so for one check, it is opened again, served from
 * then on, and the listener is told, so the source's cached tiles are retired. A replacement that
 * cannot be opened (a copy still being written) is logged and the old file kept.
 */
public final class ArchiveSources {
  private static final Logger LOGGER = LoggerFactory.getLogger(ArchiveSources.class);
  /** Kinds this class serves. */
  private static final Set<String> KINDS = Set.of("mbtiles", "pmtiles");
  /** How long a replaced archive stays open for the reads that started on it. */
  private static final long CLOSE_AFTER_MS = 30_000;

  private final Vertx vertx;
  private final Map<String, ArchiveSource> sources;
  private final Map<String, long[]> pending = new LinkedHashMap<>();
  private volatile Consumer<String> onReload = id -> {};
  private long timer = -1;

  private ArchiveSources(Vertx vertx, Map<String, ArchiveSource> sources) {
    this.vertx = vertx;
    this.sources = sources;
  }

  /** Opens every archive source of {@code config}, reading on {@code lane}; watches them every {@code checkMs}. */
  public static ArchiveSources open(Vertx vertx, ServerConfig config, WorkerLane lane, long checkMs) {
    Map<String, ArchiveSource> sources = new LinkedHashMap<>();
    config.sources().forEach((id, source) -> {
      if (KINDS.contains(source.kind())) {
        try {
          sources.put(id, new ArchiveSource(openArchive(id, source.kind(), Path.of(source.file()), source), lane));
        } catch (IOException e) {
          throw new ConfigException("sources." + id + ".file: " + e.getMessage());
        }
      }
    });
    ArchiveSources archives = new ArchiveSources(vertx, sources);
    if (!sources.isEmpty()) {
      archives.timer = vertx.setPeriodic(checkMs, t -> archives.check(config));
    }
    return archives;
  }

  public List<ArchiveSource> sources() {
    return new ArrayList<>(sources.values());
  }

  /** Called with a source's id once it serves a changed file. */
  public void onReload(Consumer<String> listener) {
    this.onReload = listener;
  }

  public void close() {
    vertx.cancelTimer(timer);
    for (ArchiveSource source : sources.values()) {
      closeQuietly(source.open().archive());
    }
  }

  private void check(ServerConfig config) {
    sources.forEach((id, source) -> {
      OpenArchive open = source.open();
      long[] now = stat(open.file());
      if (now == null || (now[0] == open.size() && now[1] == open.modifiedMillis())) {
        pending.remove(id);
        return;
      }
      long[] seen = pending.put(id, now);
      if (seen == null || seen[0] != now[0] || seen[1] != now[1]) {
        return;  // still changing: wait until it has stayed the same for one check
      }
      pending.remove(id);
      SourceConfig sourceConfig = config.sources().get(id);
      vertx.executeBlocking(() -> openArchive(id, sourceConfig.kind(), open.file(), sourceConfig), false)
          .onSuccess(replacement -> {
            source.replace(replacement);
            vertx.setTimer(CLOSE_AFTER_MS, t -> closeQuietly(open.archive()));
            LOGGER.info("source {}: {} changed; serving it from now on", id, open.file());
            onReload.accept(id);
          })
          .onFailure(e -> LOGGER.warn("source {}: {} changed but cannot be opened ({}); still serving the old one",
              id, open.file(), e.getMessage()));
    });
  }

  private static long[] stat(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new long[] {attributes.size(), attributes.lastModifiedTime().toMillis()};
    } catch (IOException e) {
      return null;
    }
  }

  private static OpenArchive openArchive(String id, String kind, Path file, SourceConfig config) throws IOException {
    long[] stat = stat(file);
    if (stat == null) {
      throw new IOException("no file " + file);
    }
    TileArchive archive = kind.equals("mbtiles") ? MbtilesArchive.open(file) : PmtilesArchive.open(file);
    ArchiveMetadata metadata = archive.metadata();
    TileCompression compression = metadata.tileCompression();
    if (!compression.readable()) {
      closeQuietly(archive);
      throw new IOException(file + " stores its tiles " + compression.name().toLowerCase()
          + "-compressed, which this server cannot read; store them gzip-compressed or uncompressed");
    }
    return new OpenArchive(file, archive, info(id, kind, metadata, config), stat[0], stat[1]);
  }

  /** TileJSON of the file's metadata; the source's own config (zooms, bounds, description) wins. */
  private static SourceInfo info(String id, String kind, ArchiveMetadata metadata, SourceConfig config) {
    JsonObject tileJson = metadata.tileJson();
    List<SourceInfo.VectorLayer> layers = new ArrayList<>();
    JsonArray vectorLayers = tileJson.getJsonArray("vector_layers", new JsonArray());
    for (Object entry : vectorLayers) {
      if (entry instanceof JsonObject layer && layer.getValue("id") instanceof String layerId) {
        Map<String, String> fields = new LinkedHashMap<>();
        layer.getJsonObject("fields", new JsonObject()).forEach(f -> fields.put(f.getKey(), String.valueOf(f.getValue())));
        layers.add(new SourceInfo.VectorLayer(layerId, layer.getString("description", ""), fields,
            layer.getInteger("minzoom", metadata.minzoom()), layer.getInteger("maxzoom", metadata.maxzoom())));
      }
    }
    tileJson.remove("vector_layers");
    // TileJSON has no key for it; MBTiles' metadata does, and the catalog tells images from MVT by it.
    tileJson.put("format", metadata.format());
    int minzoom = config.minzoom() != null ? config.minzoom() : metadata.minzoom();
    int maxzoom = config.maxzoom() != null ? config.maxzoom() : metadata.maxzoom();
    Bounds bounds = config.bounds() != null ? Bounds.of(config.bounds()) : metadata.bounds();
    String description = config.description() != null ? config.description()
        : tileJson.getValue("description") instanceof String text ? text : "";
    return new SourceInfo(id, kind, description, minzoom, maxzoom, bounds, layers, Map.of(), false, tileJson);
  }

  private static void closeQuietly(TileArchive archive) {
    try {
      archive.close();
    } catch (IOException e) {
      LOGGER.warn("closing an archive failed: {}", e.getMessage());
    }
  }
}
