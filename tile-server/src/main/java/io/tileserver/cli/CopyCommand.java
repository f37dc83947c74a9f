package io.tileserver.cli;

import io.tileserver.app.ServerApp;
import io.tileserver.archive.mbtiles.MbtilesLayout;
import io.tileserver.config.ServerConfig;
import io.tileserver.copy.ArchiveSink;
import io.tileserver.copy.FetchedTile;
import io.tileserver.copy.TileCopier;
import io.tileserver.copy.TileSink;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tile-server copy}: the tiles of a region into an MBTiles or PMTiles file, as martin-cp makes
 * them, from the sources of the config (served in this process on loopback, without caches); or
 * with {@code --warm URL}, asked of a running server (or its CDN edge) to fill its caches.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
    description = "Copy the tiles of a bbox and zoom range into an .mbtiles or .pmtiles file, or warm a server's caches.")
final class CopyCommand implements Callable<Integer> {
  private static final Logger LOGGER = LoggerFactory.getLogger(CopyCommand.class);
  private static final Duration WAIT = Duration.ofMinutes(10);

  @Mixin ConfigOptions options;

  @Option(names = "--source", required = true, paramLabel = "IDS",
      description = "the source, or several as a composite (properties,zip_areas)")
  String ids;

  @Option(names = "--bbox", paramLabel = "W,S,E,N", description = "WGS84 bounds (default: the sources' bounds)")
  String bbox;

  @Option(names = "--minzoom", paramLabel = "Z", description = "default: the sources' minzoom")
  Integer minzoom;

  @Option(names = "--maxzoom", paramLabel = "Z", description = "default: the sources' maxzoom")
  Integer maxzoom;

  @Option(names = "--filter", paramLabel = "NAME=VALUE", description = "a filter of the sources, as in tile URLs (repeatable)")
  List<String> filters = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "an .mbtiles (continued when it exists) or .pmtiles file")
  Path output;

  @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "NORMALIZED",
      description = "MBTiles layout: flat, flat_with_hash or normalized (identical tiles stored once; default)")
  MbtilesLayout layout;

  @Option(names = "--warm", paramLabel = "URL",
      description = "ask a running server (or its edge) at URL for the tiles instead of writing a file")
  URI warm;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "tiles asked for at once (default 8)")
  int concurrency;

  @Override
  public Integer call() throws Exception {
    if ((output == null) == (warm == null)) {
      throw new IllegalArgumentException("give either --output FILE or --warm URL");
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new IllegalArgumentException("--concurrency must be 1..256, was " + concurrency);
    }
    Bounds requested = bbox == null ? null : bounds(bbox);
    if (output != null) {
      ArchiveSink.isPmtiles(output);
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    if (warm != null) {
      return copy(client, warm, requested, null);
    }
    ServerConfig config = options.config();
    ServerApp app = ServerApp.start(config.forCopy(), options.databaseIfNeeded(config), 0).toCompletionStage()
        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    try {
      app.clustersLoaded().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(),
          TimeUnit.SECONDS);
      ArchiveSink sink = ArchiveSink.open(output, layout);
      try {
        return copy(client, URI.create("http://127.0.0.1:" + app.port()), requested, sink);
      } finally {
        sink.close();
      }
    } finally {
      app.close().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private int copy(HttpClient client, URI base, Bounds requested, ArchiveSink sink)
      throws IOException, InterruptedException {
    String query = filters.stream().map(CopyCommand::parameter).collect(Collectors.joining("&"));
    JsonObject tileJson = tileJson(client, base, query);
    Bounds bounds = requested != null ? requested : Bounds.of(doubles(tileJson.getJsonArray("bounds")));
    int from = minzoom != null ? minzoom : tileJson.getInteger("minzoom", 0);
    int to = maxzoom != null ? maxzoom : tileJson.getInteger("maxzoom", 14);
    if (from < 0 || to > 30 || from > to) {
      throw new IllegalArgumentException("zooms must satisfy 0 <= minzoom <= maxzoom <= 30, were " + from + ".." + to);
    }
    TileCopier.Plan plan = new TileCopier.Plan(base, ids, query, bounds, from, to, concurrency);
    TileSink target = sink != null ? sink : new Discard();
    TileCopier.Summary summary;
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName(sink != null ? "copy" : "warm")
        .setInitialMax(plan.tileCount()).setStyle(ProgressBarStyle.ASCII).setUnit(" tiles", 1).showSpeed()
        .setUpdateIntervalMillis(500).build()) {
      summary = new TileCopier(client).copy(plan, target, bar::stepTo);
    }
    if (sink != null) {
      sink.finish(tileJson, bounds, from, to);
    }
    LOGGER.info("{} {} tiles of {} at z{}..{} in {} ms ({} tiles/s): {} written ({} bytes), {} empty, {} already there{}",
        sink != null ? "copied" : "warmed", summary.tiles(), ids, from, to, summary.millis(),
        Math.round(summary.tilesPerSecond()), summary.written(), summary.bytes(), summary.empty(), summary.skipped(),
        sink != null ? " → " + output : "");
    return 0;
  }

  /** The sources' TileJSON: their zooms, bounds, layers and description for the file's metadata. */
  private JsonObject tileJson(HttpClient client, URI base, String query) throws IOException, InterruptedException {
    URI uri = base.resolve("/tiles/" + ids + ".json" + (query.isEmpty() ? "" : "?" + query));
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return new JsonObject(response.body());
    } catch (DecodeException e) {
      throw new IOException(uri + " is not TileJSON: " + e.getMessage());
    }
  }

  private static String parameter(String filter) {
    int eq = filter.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--filter must be NAME=VALUE, was " + filter);
    }
    return URLEncoder.encode(filter.substring(0, eq), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(filter.substring(eq + 1), StandardCharsets.UTF_8);
  }

  private static Bounds bounds(String text) {
    String[] parts = text.split(",");
    if (parts.length != 4) {
      throw new IllegalArgumentException("--bbox must be W,S,E,N, was " + text);
    }
    try {
      return Bounds.of(Arrays.stream(parts).map(p -> Double.parseDouble(p.trim())).toList());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--bbox must be four numbers W,S,E,N, was " + text);
    }
  }

  private static List<Double> doubles(JsonArray array) {
    return array.stream().map(v -> ((Number) v).doubleValue()).toList();
  }

  /** Warming keeps nothing: the tiles are wanted in the server's caches, not here. */
  private static final class Discard implements TileSink {
    @Override
    public boolean contains(TileCoord coord) {
      return false;
    }

    @Override
    public long accept(TileCoord coord, FetchedTile tile) {
      return tile.body().length;
    }
  }
}
