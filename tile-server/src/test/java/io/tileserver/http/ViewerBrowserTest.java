package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.NodeTools;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The viewer in a real browser: Debian's chromium (WebGL through SwiftShader) driven by
 * playwright-core from npm, which the machine's node runs ({@code src/test/browser/viewer.mjs}).
 * The script does what a person does and reports what it saw; the assertions are here. Screenshots
 * of every state land in {@code target/viewer-screenshots/}, beside {@code report.json}, what the
 * script saw.
 *
 * <p>The sources are those of {@code deploy/local/tile-server.yaml}: the {@code listings} cluster
 * source is the map's primary layer, so the style's {@code properties} layers (its fallback) are
 * not drawn. Each {@link ViewCase} looks at the densest place at one zoom and counts the rendered
 * features of its layers: clusters at z4, single listings at z15.
 */
class ViewerBrowserTest {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CONFIG = """
      server:
        port: 0
      database:
        url: ${DATABASE_URL}
        pool-size: 4
      sources:
        listings:
          kind: cluster
          default: true
          cluster-maxzoom: 14
          cell-size: 64
          maxzoom: 18
          filters: &listing-filters
            minPrice: {column: price, op: ">=", type: number, min: 0}
            maxPrice: {column: price, op: "<=", type: number, min: 0}
            beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
            baths: {column: bathrooms, op: ">=", type: number, min: 0, max: 50}
            type: {column: property_type, op: in, type: text, values: [house, condo, townhouse, apartment, land]}
            status: {column: status, op: in, type: text, values: [active, pending, sold]}
        properties:
          minzoom: 8
          maxzoom: 16
          filters: *listing-filters
        zip_areas:
          default: true
      """;
  /** The layers that draw clusters and single listings of the cluster source. */
  static final List<String> CLUSTER_LAYERS = List.of("clusters");
  static final List<String> LISTING_LAYERS = List.of("listing-dot");
  /** The layers of the {@code properties} table, which stand in only when there is no cluster source. */
  static final List<String> FALLBACK_LAYERS = List.of("property-dot", "property-price");

  /** One place-and-zoom check: the layers whose rendered features must be found there. */
  record ViewCase(String name, int zoom, List<String> layers) {}

  static final List<ViewCase> CASES = List.of(
      new ViewCase("clusters-z4", 4, CLUSTER_LAYERS),
      new ViewCase("listings-z15", 15, LISTING_LAYERS));

  /**
   * Where the filter is tried and a cluster clicked: clusters of every size and single listings side
   * by side. Its {@code before-filter.png} is the README's {@code docs/viewer.png}.
   */
  static final int FILTER_ZOOM = 7;

  private static DatabaseUrl db;
  private static TestServer server;
  private static JsonNode report;
  private static double[] dense;

  @BeforeAll
  static void runViewer() throws Exception {
    assertThat(Path.of(CHROMIUM)).as("Debian's chromium (apt-get install chromium; deploy/local/test.sh does)")
        .exists();
    db = TestServices.freshDatabase("viewer");
    new SchemaMigrator(db).update();
    new ListingWriter(db).write(SourceRow.numbered(new ListingGenerator(7, 60_000)), n -> {});
    dense = densestPlace();
    server = TestServer.start(db, CONFIG);
    Waits.await("the cluster index loads", Duration.ofMinutes(2), server.app().clustersLoaded());

    Path tools = NodeTools.install();
    Path screenshots = Files.createDirectories(Path.of("target/viewer-screenshots").toAbsolutePath());
    JsonArray cases = new JsonArray();
    CASES.forEach(c -> cases.add(new JsonObject().put("name", c.name()).put("zoom", c.zoom())
        .put("layers", new JsonArray(c.layers()))));
    JsonObject plan = new JsonObject()
        .put("baseUrl", server.base())
        .put("chromium", CHROMIUM)
        .put("screenshots", screenshots.toString())
        .put("center", new JsonArray().add(dense[0]).add(dense[1]))
        .put("cases", cases)
        .put("clickZoom", 15)
        .put("filterZoom", FILTER_ZOOM)
        .put("clusterLayers", new JsonArray(CLUSTER_LAYERS))
        .put("listingLayers", new JsonArray(LISTING_LAYERS));
    Path planFile = tools.resolve("plan.json");
    Files.writeString(planFile, plan.encodePrettily());
    String seen = NodeTools.run(List.of("node", "viewer.mjs", planFile.toString()), 150);
    Files.writeString(screenshots.resolve("report.json"), seen);
    report = new ObjectMapper().readTree(seen);
  }

  /** The centre of the 0.01° cell with the most listings. */
  private static double[] densestPlace() throws SQLException {
    String row = (String) TestSql.scalar(db, """
        SELECT st_x(c) || ',' || st_y(c) FROM (
          SELECT st_centroid(st_collect(geom)) AS c, count(*) AS n FROM properties
          GROUP BY st_snaptogrid(geom, 0.01) ORDER BY n DESC LIMIT 1) densest""");
    String[] parts = row.split(",");
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void thePageLoadsWithoutConsoleOrHttpErrors() {
    assertThat(texts(report.path("consoleErrors"))).isEmpty();
    assertThat(texts(report.path("httpErrors"))).isEmpty();
  }

  @Test
  void theMapOpensOnTheDefaultSourcesTileJsonCentreOrTheStylesViewWhenItSpansTheWorld() {
    JsonObject tileJson = json("/tiles/listings.json");
    JsonArray bounds = tileJson.getJsonArray("bounds");
    JsonObject style = json("/styles/listings.json");
    boolean world = bounds.getDouble(2) - bounds.getDouble(0) >= 360;
    JsonArray expected = world
        ? style.getJsonArray("center").copy().add(style.getDouble("zoom"))
        : tileJson.getJsonArray("center");
    JsonNode opened = report.path("opened");
    assertThat(opened.path("center").get(0).asDouble()).isCloseTo(expected.getDouble(0), Offset.offset(1e-4));
    assertThat(opened.path("center").get(1).asDouble()).isCloseTo(expected.getDouble(1), Offset.offset(1e-4));
    assertThat(opened.path("zoom").asDouble()).isEqualTo(expected.getDouble(2));
  }

  @Test
  void theClusterSourceIsThePrimaryLayerAndThePropertiesFallbackIsNotDrawn() {
    JsonNode opened = report.path("opened");
    assertThat(texts(opened.path("layers"))).containsSubsequence("zip-fill", "clusters", "cluster-count", "listing-dot",
        "listing-price").doesNotContainAnyElementsOf(FALLBACK_LAYERS);
    assertThat(texts(opened.path("sources"))).containsExactly("listings", "zip_areas", "basemap");
  }

  @Test
  void everyViewCaseFindsRenderedFeatures() {
    assertThat(report.path("cases").size()).isEqualTo(CASES.size());
    for (JsonNode result : report.path("cases")) {
      assertThat(total(result.path("counts"))).as(result.path("name").asText()).isPositive();
      assertThat(Path.of("target/viewer-screenshots/" + result.path("name").asText() + ".png")).exists();
    }
  }

  @Test
  void atZoom4TheDensePlaceIsDrawnAsClustersAndAtZoom15AsListings() {
    JsonNode z4 = viewCase("clusters-z4");
    assertThat(z4.path("clusters").asInt()).isPositive();
    assertThat(z4.path("pointCount").asInt()).isGreaterThan(z4.path("clusters").asInt());
    JsonNode z15 = viewCase("listings-z15");
    assertThat(z15.path("listings").asInt()).isPositive();
    assertThat(z15.path("clusters").asInt()).as("listings are served from cluster-maxzoom 14 on").isZero();
  }

  @Test
  void minBedsFourChangesTheTileUrlsAndDropsTheRenderedClusterCounts() {
    JsonNode filter = report.path("filter");
    List<String> urls = texts(filter.path("tileUrlsAfter")).stream().filter(url -> url.contains("/tiles/listings/"))
        .toList();
    assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).contains("beds=4"));
    JsonNode before = filter.path("before");
    JsonNode after = filter.path("after");
    assertThat(before.path("clusters").asInt()).isPositive();
    assertThat(after.path("pointCount").asInt()).isLessThan(before.path("pointCount").asInt());
    assertThat(represented(after)).isLessThan(represented(before));
    assertThat(filter.path("status").asText()).contains("Tiles loaded", "Cache hits");
    assertThat(Path.of("target/viewer-screenshots/before-filter.png")).exists();
    assertThat(Path.of("target/viewer-screenshots/beds-4.png")).exists();
  }

  @Test
  void clickingAClusterZoomsToItsExpansionZoomFromTheClusterEndpoint() {
    JsonNode click = report.path("clusterClick");
    assertThat(click.path("target").isObject()).as("a cluster standing alone on screen").isTrue();
    long clusterId = click.path("target").path("cluster_id").asLong();
    assertThat(click.path("endpoint").asText()).contains("/tiles/listings/clusters/" + clusterId).contains("beds=4");
    JsonNode expansion = click.path("expansion");
    assertThat(expansion.path("cluster_id").asLong()).isEqualTo(clusterId);
    assertThat(click.path("zoomAfter").asDouble())
        .isGreaterThan(click.path("zoomBefore").asDouble())
        .isCloseTo(expansion.path("expansion_zoom").asDouble(), Offset.offset(1e-6));
    assertThat(Path.of("target/viewer-screenshots/cluster-click.png")).exists();
  }

  @Test
  void clickingAListingShowsItsPrice() {
    JsonNode click = report.path("click");
    assertThat(click.path("target").isObject()).as("a listing standing alone on screen").isTrue();
    String price = NumberFormat.getCurrencyInstance(Locale.US).format(click.path("target").path("price").asLong())
        .replace(".00", "");
    assertThat(click.path("popupText").asText()).startsWith(price);
    assertThat(Path.of("target/viewer-screenshots/popup.png")).exists();
  }

  private static JsonObject json(String path) {
    return new JsonObject(new String(server.get(path).body(), StandardCharsets.UTF_8));
  }

  private static JsonNode viewCase(String name) {
    for (JsonNode result : report.path("cases")) {
      if (result.path("name").asText().equals(name)) {
        return result;
      }
    }
    throw new AssertionError("no view case " + name + " in " + report.path("cases"));
  }

  /** The listings a view stands for: every cluster's point_count plus the single listings. */
  private static int represented(JsonNode summary) {
    return summary.path("pointCount").asInt() + summary.path("listings").asInt();
  }

  private static int total(JsonNode counts) {
    int total = 0;
    for (JsonNode n : counts) {
      total += n.asInt();
    }
    return total;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
