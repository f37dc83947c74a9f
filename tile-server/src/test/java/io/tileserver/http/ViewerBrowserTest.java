package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.sample.ListingWriter;
import io.tileserver.sample.SourceRow;
import io.tileserver.sample.ZipAreaLoader;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.NodeTools;
import io.tileserver.testing.TestData;
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
        zip_prices:
          table: zip_price_areas
          minzoom: 6
          maxzoom: 16
          properties: [zip, name, listing_count, median_price, median_price_per_sqft]
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
  /** The zoom the viewer opens at, on the biggest cluster (viewer.js OPEN_ZOOM). */
  static final double OPEN_ZOOM = 9;
  /** Where the repository's ZIP polygons are (King County, WA), for the ZIP shading. */
  static final double[] ZIP_CENTER = {-122.25, 47.5};
  /** Zooms at which cluster circles are checked for overlap: the z4 of the issue and either side. */
  static final List<Double> OVERLAP_ZOOMS = List.of(3.0, 4.0, 5.5, 8.0);

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
    new ZipAreaLoader(db).load(TestData.file("king_county_zipcodes.geojson"));
    TestSql.execute(db, "REFRESH MATERIALIZED VIEW zip_stats");
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
        .put("overlapZooms", new JsonArray(OVERLAP_ZOOMS))
        .put("zipCenter", new JsonArray().add(ZIP_CENTER[0]).add(ZIP_CENTER[1]))
        .put("zipZoom", 9)
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
  void theMapOpensOnTheCityWithTheMostListings() throws SQLException {
    String[] biggest = ((String) TestSql.scalar(db, """
        SELECT city || '|' || avg(st_x(geom)) || '|' || avg(st_y(geom)) FROM properties
        WHERE city IS NOT NULL GROUP BY city ORDER BY count(*) DESC LIMIT 1""")).split("\\|");
    JsonNode opened = report.path("opened");
    assertThat(opened.path("zoom").asDouble()).isEqualTo(OPEN_ZOOM);
    JsonNode bounds = opened.path("bounds");
    assertThat(Double.parseDouble(biggest[1])).as("%s's listings' centre in the opened view's longitudes", biggest[0])
        .isBetween(bounds.get(0).get(0).asDouble(), bounds.get(1).get(0).asDouble());
    assertThat(Double.parseDouble(biggest[2])).as("and latitudes")
        .isBetween(bounds.get(0).get(1).asDouble(), bounds.get(1).get(1).asDouble());
  }

  @Test
  void theClusterSourceIsThePrimaryLayerAndThePropertiesFallbackIsNotDrawn() {
    JsonNode opened = report.path("opened");
    assertThat(texts(opened.path("layers"))).containsSubsequence("zip-fill", "clusters", "cluster-count", "listing-dot",
        "listing-price").doesNotContainAnyElementsOf(FALLBACK_LAYERS);
    assertThat(texts(opened.path("sources"))).containsExactly("listings", "zip_areas", "basemap", "chosen-listing");
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

  @Test
  void theListShowsTheFirstPageTheApiGivesForTheViewAndTheSummaryItsStats() {
    JsonNode list = report.path("list");
    String url = "/" + list.path("listings").asText();
    assertThat(url).startsWith("/api/listings/listings?").contains("sort=newest", "limit=20");
    double[] bbox = bbox(url);
    JsonNode bounds = report.path("opened").path("bounds");
    assertThat(bbox).containsExactly(new double[] {bounds.get(0).get(0).asDouble(), bounds.get(0).get(1).asDouble(),
        bounds.get(1).get(0).asDouble(), bounds.get(1).get(1).asDouble()}, Offset.offset(1e-5));
    JsonObject page = json(url);
    assertThat(longs(list.path("ids"))).isNotEmpty().isEqualTo(ids(page));
    JsonObject stats = json("/" + list.path("stats").asText());
    assertThat(stats.getLong("count")).isEqualTo(page.getLong("total"));
    String median = NumberFormat.getCurrencyInstance(Locale.US).format(stats.getJsonObject("price").getLong("median"))
        .replace(".00", "");
    assertThat(list.path("summary").asText())
        .isEqualTo(String.format(Locale.US, "%,d homes in view, median %s", stats.getLong("count"), median));
    assertThat(list.path("pageLabel").asText()).isEqualTo(String.format(Locale.US, "1–20 of %,d", page.getLong("total")));
  }

  @Test
  void thePriceHistogramHasABarPerBucketOfTheStatsAsTallAsItsCount() {
    JsonNode list = report.path("list");
    JsonArray counts = json("/" + list.path("stats").asText()).getJsonObject("histogram").getJsonArray("counts");
    List<Long> bars = longs(list.path("bars"));
    assertThat(bars).hasSize(counts.size()).isEqualTo(counts.stream().map(c -> ((Number) c).longValue()).toList());
    long highest = bars.stream().mapToLong(Long::longValue).max().orElseThrow();
    for (int i = 0; i < bars.size(); i++) {
      double height = list.path("barHeights").get(i).asDouble();
      assertThat(height).as("bar %d", i).isCloseTo(Math.max(bars.get(i) == 0 ? 0 : 1, 46.0 * bars.get(i) / highest),
          Offset.offset(0.1));
    }
  }

  @Test
  void sortingByPriceListsTheCheapestFirstAndNextShowsTheFollowingPage() {
    JsonNode sorted = report.path("sorted");
    JsonObject first = json("/" + sorted.path("listings").asText());
    assertThat(sorted.path("listings").asText()).contains("sort=price").doesNotContain("cursor=");
    assertThat(longs(sorted.path("ids"))).isEqualTo(ids(first));
    List<Long> prices = first.getJsonArray("listings").stream().map(l -> ((JsonObject) l).getLong("price")).toList();
    assertThat(prices).isSorted();
    JsonNode next = report.path("nextPage");
    assertThat(next.path("listings").asText()).contains("sort=price", "cursor=" + first.getString("next"));
    assertThat(longs(next.path("ids"))).isEqualTo(ids(json("/" + next.path("listings").asText())))
        .doesNotContainAnyElementsOf(longs(sorted.path("ids")));
    assertThat(next.path("pageLabel").asText()).startsWith("21–40 of ");
  }

  @Test
  void clickingARowRingsTheListingAndFliesTheMapToIt() {
    JsonNode click = report.path("rowClick");
    double lon = click.path("listing").path("lon").asDouble();
    double lat = click.path("listing").path("lat").asDouble();
    assertThat(click.path("centreBefore").get(0).asDouble()).isNotCloseTo(lon, Offset.offset(1e-4));
    assertThat(click.path("centreAfter").get(0).asDouble()).isCloseTo(lon, Offset.offset(1e-5));
    assertThat(click.path("centreAfter").get(1).asDouble()).isCloseTo(lat, Offset.offset(1e-5));
    assertThat(click.path("zoomAfter").asDouble()).isGreaterThanOrEqualTo(14);
    assertThat(click.path("chosen").size()).isPositive();
    assertThat(click.path("chosen").get(0).get(0).asDouble()).isCloseTo(lon, Offset.offset(1e-5));
    assertThat(click.path("pressed").asText()).isEqualTo("true");
    assertThat(Path.of("target/viewer-screenshots/list-click.png")).exists();
  }

  @Test
  void theZipToggleShadesZipAreasBeneathTheListings() {
    JsonNode zips = report.path("zips");
    assertThat(texts(zips.path("layers"))).containsSubsequence("zip-price-fill", "clusters", "listing-dot");
    assertThat(zips.path("shaded").asInt()).as("ZIP polygons drawn by the fill").isPositive();
    assertThat(zips.path("legend").asText()).contains("$");
    assertThat(Path.of("target/viewer-screenshots/zip-shading.png")).exists();
  }

  @Test
  void theUrlKeepsTheViewFiltersSortAndZipShadingAndReopensThem() {
    JsonNode url = report.path("url");
    assertThat(url.path("href").asText()).contains("map=", "beds=4", "sort=price", "zips=1");
    JsonNode before = url.path("before");
    JsonNode after = url.path("after");
    assertThat(after.path("center").get(0).asDouble()).isCloseTo(before.path("center").get(0).asDouble(), Offset.offset(1e-4));
    assertThat(after.path("center").get(1).asDouble()).isCloseTo(before.path("center").get(1).asDouble(), Offset.offset(1e-4));
    assertThat(after.path("zoom").asDouble()).isCloseTo(before.path("zoom").asDouble(), Offset.offset(0.01));
    assertThat(after.path("filters")).isEqualTo(before.path("filters"));
    assertThat(after.path("filters").path("beds").asText()).isEqualTo("4");
    assertThat(after.path("sort").asText()).isEqualTo("price");
    assertThat(after.path("zips").asBoolean()).isTrue();
    assertThat(after.path("zipLayer").asBoolean()).isTrue();
  }

  @Test
  void noTwoClusterCirclesOverlapAtAnyCheckedZoom() {
    assertThat(report.path("circles").size()).isEqualTo(OVERLAP_ZOOMS.size());
    for (JsonNode view : report.path("circles")) {
      double zoom = view.path("zoom").asDouble();
      JsonNode circles = view.path("circles");
      assertThat(circles.size()).as("clusters drawn at z%s", zoom).isGreaterThan(zoom == 4 ? 5 : 0);
      for (int i = 0; i < circles.size(); i++) {
        for (int j = i + 1; j < circles.size(); j++) {
          JsonNode a = circles.get(i);
          JsonNode b = circles.get(j);
          double distance = Math.hypot(a.path("x").asDouble() - b.path("x").asDouble(),
              a.path("y").asDouble() - b.path("y").asDouble());
          assertThat(distance).as("z%s clusters %s and %s", zoom, a, b)
              .isGreaterThanOrEqualTo(a.path("r").asDouble() + b.path("r").asDouble());
        }
      }
    }
  }

  private static double[] bbox(String url) {
    String query = url.substring(url.indexOf('?') + 1);
    for (String pair : query.split("&")) {
      if (pair.startsWith("bbox=")) {
        String[] parts = java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8).split(",");
        return java.util.Arrays.stream(parts).mapToDouble(Double::parseDouble).toArray();
      }
    }
    throw new AssertionError("no bbox in " + url);
  }

  private static List<Long> ids(JsonObject page) {
    return page.getJsonArray("listings").stream().map(l -> ((JsonObject) l).getLong("id")).toList();
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
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
