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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.text.NumberFormat;
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
 * of every state land in {@code target/viewer-screenshots/}.
 *
 * <p>Each {@link ViewCase} looks at the dense place at one zoom and counts the rendered features of
 * its layers: today the listing points of the {@code properties} table; the cluster source adds a z4
 * case over the {@code clusters} layer.
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
        properties:
          default: true
          filters:
            minPrice: {column: price, op: ">=", type: number, min: 0}
            maxPrice: {column: price, op: "<=", type: number, min: 0}
            beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
            baths: {column: bathrooms, op: ">=", type: number, min: 0, max: 50}
            type: {column: property_type, op: in, type: text, values: [house, condo, townhouse, apartment, land]}
            status: {column: status, op: "=", type: text, values: [active, pending, sold]}
        zip_areas: {}
      """;
  /** The layers that draw single listings: from the cluster source, or the table standing in. */
  static final List<String> LISTING_LAYERS = List.of("listing-dot", "property-dot");

  /** One place-and-zoom check: the layers whose rendered features must be found there. */
  record ViewCase(String name, int zoom, List<String> layers) {}

  static final List<ViewCase> CASES = List.of(new ViewCase("listings-z15", 15, LISTING_LAYERS));

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
        .put("filterZoom", 13)
        .put("listingLayers", new JsonArray(LISTING_LAYERS));
    Path planFile = tools.resolve("plan.json");
    Files.writeString(planFile, plan.encodePrettily());
    report = new ObjectMapper().readTree(NodeTools.run(List.of("node", "viewer.mjs", planFile.toString()), 150));
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
  void theMapOpensOnTheDefaultSourcesTileJsonCentre() {
    JsonObject tileJson = new JsonObject(new String(server.get("/tiles/properties.json").body(), StandardCharsets.UTF_8));
    JsonArray center = tileJson.getJsonArray("center");
    JsonNode opened = report.path("opened");
    assertThat(opened.path("center").get(0).asDouble()).isCloseTo(center.getDouble(0), Offset.offset(1e-4));
    assertThat(opened.path("center").get(1).asDouble()).isCloseTo(center.getDouble(1), Offset.offset(1e-4));
    assertThat(opened.path("zoom").asDouble()).isEqualTo(center.getDouble(2));
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
  void minBedsFourChangesTheTileUrlsAndDropsTheRenderedCount() {
    JsonNode filter = report.path("filter");
    List<String> urls = texts(filter.path("tileUrlsAfter"));
    assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).contains("/tiles/properties/").contains("beds=4"));
    int before = total(filter.path("before"));
    int after = total(filter.path("after"));
    assertThat(before).isPositive();
    assertThat(after).isLessThan(before);
    assertThat(filter.path("status").asText()).contains("Tiles loaded", "Cache hits");
    assertThat(Path.of("target/viewer-screenshots/before-filter.png")).exists();
    assertThat(Path.of("target/viewer-screenshots/beds-4.png")).exists();
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
