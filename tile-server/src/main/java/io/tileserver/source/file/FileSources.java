package io.tileserver.source.file;

import io.tileserver.config.ConfigException;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.mvt.LayerOptions;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.WorkerLane;
import io.tileserver.tile.Bounds;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kind: geojson|csv} sources of the config, read into memory at start (a file that
 * cannot be read stops the start, naming it), and the packaged outline basemap as source
 * {@code basemap} unless {@code styles.builtin-basemap} is false or a configured source has that id.
 * Files are read once: a changed file is served after a restart.
 */
public final class FileSources {
  /** The id of the packaged basemap source. */
  public static final String BASEMAP = "basemap";
  /** The TileJSON key saying whether a file's features are points, lines, polygons or a mix. */
  public static final String GEOMETRY = "tileserver:geometry";
  private static final Logger LOGGER = LoggerFactory.getLogger(FileSources.class);
  /** The class-path resource of the packaged basemap: country and US state outlines (data/README.md). */
  public static final String BASEMAP_RESOURCE = "basemap/basemap.geojson";
  private static final int DEFAULT_MAXZOOM = 22;
  /** Natural Earth 1:50m and the Census 1:10m outlines hold no detail beyond about zoom 10. */
  private static final int BASEMAP_MAXZOOM = 10;

  private FileSources() {}

  /** Reads every file source of {@code config} (blocking); tiles are built on {@code lane}. */
  public static List<FileSource> open(ServerConfig config, WorkerLane lane) {
    List<FileSource> sources = new ArrayList<>();
    config.sources().forEach((id, source) -> {
      if (source.kind().equals("geojson") || source.kind().equals("csv")) {
        sources.add(open(id, source, lane));
      }
    });
    if (config.styles().builtinBasemap() && !config.sources().containsKey(BASEMAP)) {
      sources.add(basemap(lane));
    }
    return sources;
  }

  private static FileSource open(String id, SourceConfig config, WorkerLane lane) {
    String key = "sources." + id;
    if (!config.filters().isEmpty()) {
      throw new ConfigException(key + ".filters: a " + config.kind() + " source takes no filters; they are for table,"
          + " function and cluster sources");
    }
    long started = System.nanoTime();
    FeatureIndex features = new FeatureIndex();
    Path file = Path.of(config.file());
    long skipped = FeatureFiles.read(key + ".file", config.kind(), file, features::add);
    features.build();
    LOGGER.info("source {}: {} {} features from {} ({} rows without a position skipped) in {} ms", id,
        features.size(), features.geometry(), file, skipped, (System.nanoTime() - started) / 1_000_000);
    String layer = config.layer() == null ? id : config.layer();
    int minzoom = config.minzoom() == null ? 0 : config.minzoom();
    int maxzoom = config.maxzoom() == null ? DEFAULT_MAXZOOM : config.maxzoom();
    Bounds bounds = config.bounds() != null ? Bounds.of(config.bounds()) : features.bounds();
    String description = config.description() != null ? config.description() : file.getFileName().toString();
    return source(id, config.kind(), description, minzoom, maxzoom, bounds, layer, features,
        new LayerOptions(config.extent(), config.buffer(), 0, config.clip()), lane);
  }

  private static FileSource basemap(WorkerLane lane) {
    FeatureIndex features = new FeatureIndex();
    FeatureFiles.readPackaged(BASEMAP_RESOURCE, features::add);
    features.build();
    return source(BASEMAP, "geojson", "Country and US state outlines (Natural Earth 1:50m, US Census 1:10m)", 0,
        BASEMAP_MAXZOOM, Bounds.WORLD, BASEMAP, features, LayerOptions.DEFAULTS, lane);
  }

  private static FileSource source(String id, String kind, String description, int minzoom, int maxzoom,
      Bounds bounds, String layer, FeatureIndex features, LayerOptions options, WorkerLane lane) {
    SourceInfo info = new SourceInfo(id, kind, description, minzoom, maxzoom, bounds,
        List.of(new SourceInfo.VectorLayer(layer, description, features.fields(), minzoom, maxzoom)), Map.of(), false,
        new JsonObject().put(GEOMETRY, features.geometry()));
    return new FileSource(info, features, layer, options, lane);
  }
}
