package io.tileserver.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.http.TestServer;
import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * A GeoJSON file of polygons, lines and points served over HTTP by a server with no database:
 * each tile holds exactly the features that meet the tile plus its buffer, clipped to that square,
 * with their properties. The oracle projects the same lon/lat with the Web Mercator formula written
 * out here and clips with JTS's exact intersection.
 */
class FileSourcesServeTest {
  private static final int Z = 12;
  private static final int EXTENT = 4096;
  private static final int BUFFER = 64;
  /** The features, as WKT in lon/lat, and their properties; written to the file below. */
  private static final Map<String, String> WKT = Map.of(
      "lake", "POLYGON ((-122.36 47.60, -122.30 47.60, -122.30 47.64, -122.36 47.64, -122.36 47.60),"
          + " (-122.34 47.61, -122.32 47.61, -122.32 47.62, -122.34 47.62, -122.34 47.61))",
      "far-park", "POLYGON ((-100 40, -99 40, -99 41, -100 41, -100 40))",
      "road", "LINESTRING (-122.50 47.605, -122.31 47.615, -122.20 47.70)",
      "school", "POINT (-122.33 47.606)",
      "ferry", "POINT (-122.60 47.60)");

  private static Path dir;
  private static TestServer server;
  private static int tileX;
  private static int tileY;

  @BeforeAll
  static void serve() throws IOException {
    dir = Files.createTempDirectory("files-serve");
    StringBuilder geojson = new StringBuilder("{\"type\": \"FeatureCollection\", \"features\": [\n");
    int i = 0;
    for (var e : WKT.entrySet()) {
      geojson.append(i++ == 0 ? "" : ",\n").append("{\"type\": \"Feature\", \"id\": ").append(i)
          .append(", \"properties\": {\"name\": \"").append(e.getKey())
          .append("\", \"rank\": ").append(i).append(", \"open\": true, \"area_km2\": 1.5, \"tags\": {\"a\": [1, 2]},"
              + " \"none\": null}, \"geometry\": ").append(geoJson(e.getValue())).append("}");
    }
    Files.writeString(dir.resolve("places.geojson"), geojson.append("\n]}\n"));
    server = TestServer.startWithoutDatabase("""
        server:
          port: 0
        sources:
          places:
            file: %s
            maxzoom: %d
        """.formatted(dir.resolve("places.geojson"), Z));
    tileX = (int) Math.floor(fx(-122.33) * (1 << Z));
    tileY = (int) Math.floor(fy(47.606) * (1 << Z));
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aTileHoldsExactlyTheFeaturesMeetingItsBufferedSquareClippedToIt() throws ParseException {
    for (int z : List.of(Z, Z - 2)) {
      int x = tileX >> (Z - z);
      int y = tileY >> (Z - z);
      Map<String, DecodedTile.Feature> decoded = features(z, x, y);
      Map<String, Geometry> expected = expected(z, x, y);
      assertThat(decoded.keySet()).as("z%d", z).containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (var e : expected.entrySet()) {
        Geometry got = decoded.get(e.getKey()).geometry();
        // Vertices are rounded to whole tile units; below max zoom lines and rings are also simplified
        // by one unit: nothing may move further than that.
        double tolerance = z == Z ? 1.0 : 2.5;
        assertThat(DiscreteHausdorffDistance.distance(got, e.getValue())).as("%s at z%d", e.getKey(), z)
            .isLessThanOrEqualTo(tolerance);
        assertThat(got.getEnvelopeInternal().getMinX()).isGreaterThanOrEqualTo(-BUFFER - 1);
        assertThat(got.getEnvelopeInternal().getMaxX()).isLessThanOrEqualTo(EXTENT + BUFFER + 1);
        if (e.getValue().getDimension() == 2) {
          assertThat(got.getArea()).isCloseTo(e.getValue().getArea(), Offset.offset(e.getValue().getLength() * tolerance));
        }
      }
    }
  }

  @Test
  void propertiesArriveTypedAndFeatureIdsKept() {
    DecodedTile.Feature lake = features(Z, tileX, tileY).get("lake");
    assertThat(lake.attributes()).containsEntry("open", true).containsEntry("area_km2", 1.5)
        .containsEntry("tags", "{\"a\":[1,2]}").doesNotContainKey("none");
    assertThat(lake.attributes().get("rank")).isInstanceOf(Long.class);
    assertThat(lake.id()).isPresent();
  }

  @Test
  void theServerRunsWithoutADatabaseAndAnswersReadyTileJsonAndCatalog() {
    HttpResponse<byte[]> ready = server.get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).getString("database")).isEqualTo("none");
    JsonObject tileJson = json(server.get("/tiles/places.json"));
    assertThat(tileJson.getJsonArray("bounds").getDouble(0)).isCloseTo(-122.60, Offset.offset(1e-9));
    assertThat(tileJson.getJsonArray("bounds").getDouble(2)).isCloseTo(-99, Offset.offset(1e-9));
    assertThat(tileJson.getInteger("maxzoom")).isEqualTo(Z);
    assertThat(tileJson.getString("tileserver:geometry")).isEqualTo("mixed");
    assertThat(tileJson.getJsonArray("vector_layers").getJsonObject(0).getJsonObject("fields").getMap())
        .containsEntry("name", "String").containsEntry("rank", "Number").containsEntry("open", "Boolean");
    JsonObject catalog = json(server.get("/catalog")).getJsonObject("tiles");
    assertThat(catalog.getJsonObject("places").getString("kind")).isEqualTo("geojson");
    assertThat(catalog.getJsonObject("basemap").getString("kind")).isEqualTo("geojson");
    assertThat(server.get("/tiles/basemap/0/0/0.pbf").statusCode()).isEqualTo(200);
    String metrics = new String(server.get("/metrics").body(), StandardCharsets.UTF_8);
    assertThat(metrics).contains("tiles_requests").doesNotContain("pool_type=\"sql\"");
    assertThat(server.get("/api/stats/cities").statusCode()).as("area statistics need the database").isEqualTo(404);
  }

  private static Map<String, DecodedTile.Feature> features(int z, int x, int y) {
    HttpResponse<byte[]> response = server.get("/tiles/places/" + z + "/" + x + "/" + y + ".pbf");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, DecodedTile.Feature> byName = new HashMap<>();
    DecodedTile tile = new MvtDecoder().decode(response.body());
    assertThat(tile.layers()).singleElement().satisfies(layer -> assertThat(layer.name()).isEqualTo("places"));
    tile.layers().get(0).features().forEach(f -> byName.put((String) f.attributes().get("name"), f));
    return byName;
  }

  /** Each feature's JTS intersection with the tile's buffered square, in tile units (y down); empty ones left out. */
  private static Map<String, Geometry> expected(int z, int x, int y) throws ParseException {
    Geometry square = new GeometryFactory().toGeometry(new Envelope(-BUFFER, EXTENT + BUFFER, -BUFFER, EXTENT + BUFFER));
    Map<String, Geometry> out = new HashMap<>();
    for (var e : WKT.entrySet()) {
      Geometry g = new WKTReader().read(e.getValue());
      g.apply((Coordinate c) -> {
        double px = (fx(c.x) * (1 << z) - x) * EXTENT;
        double py = (fy(c.y) * (1 << z) - y) * EXTENT;
        c.x = px;
        c.y = py;
      });
      g.geometryChanged();
      Geometry clipped = g.intersection(square);
      if (!clipped.isEmpty()) {
        out.put(e.getKey(), clipped);
      }
    }
    return out;
  }

  private static double fx(double lon) {
    return (lon + 180) / 360;
  }

  private static double fy(double lat) {
    double phi = Math.toRadians(lat);
    return (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
  }

  /** The test's points, lines and polygons as GeoJSON geometry objects. */
  private static String geoJson(String wkt) {
    Geometry g;
    try {
      g = new WKTReader().read(wkt);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e);
    }
    return switch (g) {
      case Point p -> "{\"type\": \"Point\", \"coordinates\": " + position(p.getCoordinate()) + "}";
      case LineString l -> "{\"type\": \"LineString\", \"coordinates\": " + positions(l) + "}";
      case Polygon p -> {
        StringBuilder rings = new StringBuilder("[").append(positions(p.getExteriorRing()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
          rings.append(", ").append(positions(p.getInteriorRingN(i)));
        }
        yield "{\"type\": \"Polygon\", \"coordinates\": " + rings.append("]") + "}";
      }
      default -> throw new IllegalArgumentException(wkt);
    };
  }

  private static String positions(LineString line) {
    return Arrays.stream(line.getCoordinates()).map(FileSourcesServeTest::position)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String position(Coordinate c) {
    return "[" + c.x + ", " + c.y + "]";
  }

  private static JsonObject json(HttpResponse<byte[]> response) {
    return new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
  }
}
