package io.tileserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileserver.app.DatabaseNeeds;
import io.tileserver.app.ServerApp;
import io.tileserver.config.ConfigLoader;
import io.tileserver.config.EnvSubstitution;
import io.tileserver.config.ServerConfig;
import io.tileserver.testing.NodeTools;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --data data/kc_house_data.csv data/king_county_zipcodes.geojson} with no database and
 * no Redis, in a real browser (the script and Chromium of {@code ViewerBrowserTest}): the default
 * style shows the CSV as the listings map (clusters, listings, the filter form) and the ZIP
 * polygons as its areas, over the packaged basemap's land and borders. The server is assembled as
 * {@link ServeCommand} does it: the {@code --data} sources added to the default config, whose
 * database URL comes from an environment without {@code DATABASE_URL}.
 */
class DataFilesBrowserTest {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final Duration START = Duration.ofMinutes(2);
  private static final Path CSV = TestServices.projectRoot().resolve("data/kc_house_data.csv");
  private static final Path ZIPS = TestServices.projectRoot().resolve("data/king_county_zipcodes.geojson");

  private static ServerApp app;
  private static JsonNode report;
  /** The centre of the file's densest 0.01° cell. */
  private static double[] dense;
  private static String base;

  @BeforeAll
  static void runViewer() throws Exception {
    assertThat(Path.of(CHROMIUM)).as("Debian's chromium (apt-get install chromium)").exists();
    ServerConfig config = new ConfigLoader(new EnvSubstitution(Map.<String, String>of()::get))
        .load(null, DataFiles.sources(List.of(CSV, ZIPS)));
    assertThat(DatabaseNeeds.resolve(config, config.database().url())).isNull();
    app = Waits.await("the server starts", START, ServerApp.start(config, null, 0));
    base = "http://127.0.0.1:" + app.port();

    Path tools = NodeTools.install();
    Path screenshots = Files.createDirectories(Path.of("target/data-files-screenshots").toAbsolutePath());
    dense = densestPlace();
    JsonArray cases = new JsonArray()
        .add(new JsonObject().put("name", "land-z3").put("zoom", 3).put("layers", new JsonArray().add("land")))
        .add(new JsonObject().put("name", "clusters-z9").put("zoom", 9).put("layers", new JsonArray().add("clusters")))
        .add(new JsonObject().put("name", "zips-z10").put("zoom", 10).put("layers", new JsonArray().add("zip-fill")))
        .add(new JsonObject().put("name", "listings-z15").put("zoom", 15)
            .put("layers", new JsonArray().add("listing-dot")));
    JsonObject plan = new JsonObject()
        .put("baseUrl", base)
        .put("chromium", CHROMIUM)
        .put("screenshots", screenshots.toString())
        .put("center", new JsonArray().add(dense[0]).add(dense[1]))
        .put("cases", cases)
        .put("clickZoom", 15)
        .put("filterZoom", 10)
        .put("clusterLayers", new JsonArray().add("clusters"))
        .put("listingLayers", new JsonArray().add("listing-dot"));
    Path planFile = tools.resolve("data-files-plan.json");
    Files.writeString(planFile, plan.encodePrettily());
    String seen = NodeTools.run(List.of("node", "viewer.mjs", planFile.toString()), 150);
    Files.writeString(screenshots.resolve("report.json"), seen);
    report = new ObjectMapper().readTree(seen);
  }

  /** The centre of the 0.01° cell holding the most rows of the CSV (its columns: …, lat, long, …). */
  private static double[] densestPlace() throws IOException {
    List<String> lines = Files.readAllLines(CSV);
    List<String> header = List.of(lines.get(0).split(","));
    int lat = header.indexOf("lat");
    int lon = header.indexOf("long");
    Map<String, Integer> cells = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells0 = line.split(",");
      cells.merge(Math.floor(Double.parseDouble(cells0[lon]) * 100) + "," + Math.floor(Double.parseDouble(cells0[lat])
          * 100), 1, Integer::sum);
    }
    String[] best = cells.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey().split(",");
    return new double[] {(Double.parseDouble(best[0]) + 0.5) / 100, (Double.parseDouble(best[1]) + 0.5) / 100};
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      Waits.await("the server stops", START, app.close());
    }
  }

  @Test
  void thePageLoadsWithoutConsoleOrHttpErrors() {
    assertThat(texts(report.path("consoleErrors"))).isEmpty();
    assertThat(texts(report.path("httpErrors"))).isEmpty();
  }

  @Test
  void theCsvDrawsAsTheListingsAndTheZipFileAsTheAreasOverTheBasemap() throws Exception {
    JsonNode opened = report.path("opened");
    assertThat(texts(opened.path("layers"))).containsSubsequence("water", "land", "country-borders", "zip-fill",
        "clusters", "listing-dot").doesNotContain("background", "property-dot");
    assertThat(texts(opened.path("sources"))).containsExactlyInAnyOrder("listings", "zip_areas", "basemap",
        "chosen-listing");
    JsonObject style = get("/styles/listings.json");
    assertThat(style.getJsonObject("sources").getJsonObject("listings").getString("url"))
        .endsWith("/tiles/kc_house_data.json");
    assertThat(style.getJsonObject("sources").getJsonObject("zip_areas").getString("url"))
        .endsWith("/tiles/king_county_zipcodes.json");
  }

  @Test
  void theMapOpensOnTheDensestPlaceOfTheListings() {
    JsonNode opened = report.path("opened");
    assertThat(opened.path("zoom").asDouble()).isEqualTo(9);
    JsonNode bounds = opened.path("bounds");
    assertThat(dense[0]).isBetween(bounds.get(0).get(0).asDouble(), bounds.get(1).get(0).asDouble());
    assertThat(dense[1]).isBetween(bounds.get(0).get(1).asDouble(), bounds.get(1).get(1).asDouble());
  }

  @Test
  void landClustersZipAreasAndListingsAreRendered() {
    assertThat(report.path("cases").size()).isEqualTo(4);
    for (JsonNode view : report.path("cases")) {
      int drawn = 0;
      for (JsonNode n : view.path("counts")) {
        drawn += n.asInt();
      }
      assertThat(drawn).as(view.path("name").asText()).isPositive();
      assertThat(Path.of("target/data-files-screenshots/" + view.path("name").asText() + ".png")).isNotEmptyFile();
    }
  }

  @Test
  void theFilterFormFiltersTheFilesListingsAndClustersExpandFromTheirEndpoint() {
    JsonNode filter = report.path("filter");
    assertThat(texts(filter.path("tileUrlsAfter")).stream().filter(u -> u.contains("/tiles/kc_house_data/")))
        .isNotEmpty().allSatisfy(url -> assertThat(url).contains("beds=4"));
    int before = filter.path("before").path("pointCount").asInt() + filter.path("before").path("listings").asInt();
    int after = filter.path("after").path("pointCount").asInt() + filter.path("after").path("listings").asInt();
    assertThat(after).isPositive().isLessThan(before);
    JsonNode click = report.path("clusterClick");
    assertThat(click.path("endpoint").asText()).contains("/tiles/kc_house_data/clusters/");
    assertThat(click.path("zoomAfter").asDouble()).isGreaterThan(click.path("zoomBefore").asDouble());
  }

  private static JsonObject get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
