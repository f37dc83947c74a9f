package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tileserver.config.ConfigException;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.style.SvgFixtures;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Martin config file's {@code sprites} and {@code styles} sections served as Martin documents
 * them ("Sprite Sources", "Style Sources"): {@code /sprite/{id}[@2x].json|png}, composed
 * {@code /sprite/a,b}, {@code /sdf_sprite/{id}}, {@code /style/{id}} and {@code /catalog}, and the
 * same on our own URLs, from a file whose postgres section publishes one small table.
 */
class MartinSpritesServeTest {
  private static final String STYLE = """
      {"version": 8, "name": "Bright", "sprite": "http://maps.example/sprite/icons,brand",
       "sources": {}, "layers": [{"id": "bg", "type": "background", "paint": {"background-color": "#fff"}}]}
      """;
  private static Path dir;
  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    db = TestServices.freshDatabase("sprites_martin");
    TestSql.execute(db, "CREATE TABLE points (id int, geom geometry(Point, 4326))");
    dir = Files.createTempDirectory("martin-sprites");
    Path icons = Files.createDirectories(dir.resolve("icons/poi"));
    Files.writeString(dir.resolve("icons/square.svg"), SvgFixtures.SQUARE);
    Files.writeString(icons.resolve("dot.svg"), SvgFixtures.DOT);
    Path brand = Files.createDirectories(dir.resolve("brand-svgs"));
    Files.writeString(brand.resolve("halves.svg"), SvgFixtures.HALVES);
    Files.createDirectories(dir.resolve("styles"));
    Files.writeString(dir.resolve("styles/bright.json"), STYLE);
    server = TestServer.start(db, martinFile());
  }

  private static String martinFile() {
    return """
        listen_addresses: 127.0.0.1:0
        postgres:
          connection_string: ${DATABASE_URL}
          pool_size: 2
        sprites:
          paths: [%s]
          sources:
            brand: %s
        styles:
          paths: [%s]
        """.formatted(dir.resolve("icons"), dir.resolve("brand-svgs"), dir.resolve("styles"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static JsonObject json(String path) {
    HttpResponse<byte[]> r = server.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }

  private static BufferedImage png(String path) throws IOException {
    HttpResponse<byte[]> r = server.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
    return ImageIO.read(new ByteArrayInputStream(r.body()));
  }

  @Test
  void theCatalogListsEverySpriteWithItsImagesAndEveryStyle() {
    JsonObject catalog = json("/catalog");
    JsonObject sprites = catalog.getJsonObject("sprites");
    assertThat(sprites.fieldNames()).containsExactlyInAnyOrder("icons", "brand", "listings");
    assertThat(sprites.getJsonObject("icons").getJsonArray("images")).containsExactlyInAnyOrder("square", "poi/dot");
    assertThat(sprites.getJsonObject("brand").getJsonArray("images")).containsExactly("halves");
    assertThat(catalog.getJsonObject("styles").fieldNames()).contains("bright", "listings");
  }

  @Test
  void aSpriteIsServedAtBothRatiosOnMartinsUrlsAndOurs() throws IOException {
    for (String prefix : new String[] {"/sprite/", "/sprites/"}) {
      JsonObject index = json(prefix + "icons@2x.json");
      assertThat(index.fieldNames()).containsExactlyInAnyOrder("square", "poi/dot");
      JsonObject square = index.getJsonObject("square");
      assertThat(square.getInteger("width")).isEqualTo(24);
      assertThat(square.getInteger("pixelRatio")).isEqualTo(2);
      BufferedImage sheet = png(prefix + "icons@2x.png");
      assertThat(sheet.getRGB(square.getInteger("x") + 12, square.getInteger("y") + 12)).isEqualTo(0xFFFF0000);
      assertThat(json(prefix + "icons.json").getJsonObject("square").getInteger("width")).isEqualTo(12);
    }
    assertThat(server.get("/sprite/icons.json").body()).isEqualTo(server.get("/sprites/icons.json").body());
  }

  @Test
  void spritesComposeAndComeAsDistanceFields() throws IOException {
    JsonObject composed = json("/sprite/icons,brand.json");
    assertThat(composed.fieldNames()).containsExactlyInAnyOrder("square", "poi/dot", "halves");
    BufferedImage sheet = png("/sprite/icons,brand.png");
    JsonObject halves = composed.getJsonObject("halves");
    assertThat(sheet.getRGB(halves.getInteger("x") + 15, halves.getInteger("y") + 5)).isEqualTo(0xFF00FF00);

    JsonObject sdf = json("/sdf_sprite/brand.json").getJsonObject("halves");
    assertThat(sdf.getBoolean("sdf")).isTrue();
    assertThat(json("/sprites/sdf/brand@2x.json").getJsonObject("halves").getInteger("width")).isEqualTo(40 + 12);

    HttpResponse<byte[]> unknown = server.get("/sprite/icons,nope.json");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("unknown sprite nope", "brand", "icons");
  }

  @Test
  void aStyleFileIsServedAsWritten() {
    assertThat(json("/style/bright")).isEqualTo(new JsonObject(STYLE));
    assertThat(json("/styles/bright.json")).isEqualTo(new JsonObject(STYLE));
  }

  @Test
  void aBadStyleFileStopsTheStartNamingIt() throws IOException {
    Path bad = Files.writeString(dir.resolve("styles/broken.json"), "{\"version\": 8,");
    try {
      Throwable failure = catchThrowable(() -> TestServer.start(db, martinFile()).close());
      while (failure != null && !(failure instanceof ConfigException)) {
        failure = failure.getCause();
      }
      assertThat(failure).isInstanceOf(ConfigException.class).hasMessageContaining("styles.paths[0]")
          .hasMessageContaining(bad.toString());
    } finally {
      Files.delete(bad);
    }
  }
}
