package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.fonts.DecodedGlyphs;
import io.tileserver.schema.SchemaMigrator;
import io.tileserver.testing.TestServices;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Styles, their sprite, glyphs and the viewer page over the real server. */
class MapRoutesTest {
  private static final String CONFIG = """
      server:
        port: 0
        trusted-proxies: [127.0.0.1]
      database:
        url: ${DATABASE_URL}
        pool-size: 2
      sources:
        properties: {}
        zip_areas: {}
      """;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    var db = TestServices.freshDatabase("maproutes");
    new SchemaMigrator(db).update();
    server = TestServer.start(db, CONFIG);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject json(HttpResponse<byte[]> r) {
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void aStylePointsAtTheServerAsTheRequestReachedIt() {
    JsonObject style = json(server.get("/styles/listings.json"));
    assertThat(style.getString("glyphs")).isEqualTo(server.base() + "/fonts/{fontstack}/{range}.pbf");
    assertThat(style.getString("sprite")).isEqualTo(server.base() + "/sprites/listings");
    JsonObject sources = style.getJsonObject("sources");
    // No cluster source here yet: its source and layers are left out, the table's listing layers stand in.
    assertThat(sources.fieldNames()).containsExactly("properties", "zip_areas", "basemap");
    assertThat(sources.getJsonObject("properties").getString("url")).isEqualTo(server.base() + "/tiles/properties.json");
    assertThat(style.getJsonArray("layers").stream().map(l -> ((JsonObject) l).getString("id")))
        .contains("property-dot", "property-price", "zip-fill").doesNotContain("clusters", "listing-dot");

    // The test's client stands in for a proxy: its address is in server.trusted-proxies.
    JsonObject proxied = json(server.get("/styles/listings-dark.json", "X-Forwarded-Proto", "https",
        "X-Forwarded-Host", "maps.example.com"));
    assertThat(proxied.getJsonObject("sources").getJsonObject("zip_areas").getString("url"))
        .isEqualTo("https://maps.example.com/tiles/zip_areas.json");
    assertThat(proxied.getString("glyphs")).startsWith("https://maps.example.com/fonts/");
  }

  @Test
  void anUnknownStyleIsAJson404NamingTheKnownOnes() {
    HttpResponse<byte[]> r = server.get("/styles/nope.json");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonObject body = json(r);
    assertThat(body.getString("error")).isEqualTo("not_found");
    assertThat(body.getString("hint")).contains("listings", "listings-dark");
  }

  @Test
  void aGlyphRangeIsAGlyphPbf() {
    HttpResponse<byte[]> r = server.get("/fonts/DejaVu%20Sans%20Bold/0-255.pbf");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    DecodedGlyphs.Stack stack = DecodedGlyphs.decode(r.body()).stacks().getFirst();
    assertThat(stack.name()).isEqualTo("DejaVu Sans Bold");
    assertThat(stack.range()).isEqualTo("0-255");
    assertThat(stack.glyphs()).containsKeys((int) '$', (int) 'k', (int) 'M', (int) '0');
    var dollar = stack.glyphs().get((int) '$');
    assertThat(dollar.bitmap()).hasSize((dollar.width() + 6) * (dollar.height() + 6));
  }

  @Test
  void aCompositeStackIsServed() {
    HttpResponse<byte[]> r = server.get("/fonts/DejaVu%20Sans%20Mono,DejaVu%20Sans/256-511.pbf");
    assertThat(r.statusCode()).isEqualTo(200);
    DecodedGlyphs.Stack stack = DecodedGlyphs.decode(r.body()).stacks().getFirst();
    assertThat(stack.name()).isEqualTo("DejaVu Sans Mono,DejaVu Sans");
    assertThat(stack.range()).isEqualTo("256-511");
    assertThat(stack.glyphs()).isNotEmpty();
  }

  @Test
  void aRangeThatIsNotA256BlockIs400() {
    for (String range : new String[] {"1-256", "0-254", "0-65535", "x-y"}) {
      HttpResponse<byte[]> r = server.get("/fonts/DejaVu%20Sans/" + range + ".pbf");
      assertThat(r.statusCode()).as(range).isEqualTo(400);
      assertThat(json(r).getString("hint")).contains("0-255.pbf");
    }
  }

  @Test
  void anUnknownFontIs404NamingTheFontsThereAre() {
    for (String stack : new String[] {"No%20Such%20Font", "DejaVu%20Sans,No%20Such%20Font"}) {
      HttpResponse<byte[]> r = server.get("/fonts/" + stack + "/0-255.pbf");
      assertThat(r.statusCode()).isEqualTo(404);
      JsonObject body = json(r);
      assertThat(body.getString("detail")).isEqualTo("unknown font No Such Font");
      assertThat(body.getString("hint")).contains("DejaVu Sans Bold");
    }
  }

  @Test
  void theSpriteIsAStretchableSdfPill() throws Exception {
    JsonObject index = json(server.get("/sprites/listings.json"));
    JsonObject pill = index.getJsonObject("pill");
    assertThat(pill.getBoolean("sdf")).isTrue();
    HttpResponse<byte[]> png = server.get("/sprites/listings@2x.png");
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    var image = ImageIO.read(new ByteArrayInputStream(png.body()));
    JsonObject pill2x = json(server.get("/sprites/listings@2x.json")).getJsonObject("pill");
    assertThat(image.getWidth()).isEqualTo(pill2x.getInteger("width"));
    assertThat(pill2x.getInteger("width")).isEqualTo(2 * pill.getInteger("width"));
    assertThat(image.getRGB(image.getWidth() / 2, image.getHeight() / 2) >>> 24).isEqualTo(255);
    assertThat(image.getRGB(0, 0) >>> 24).isZero();
    assertThat(server.get("/sprites/other.json").statusCode()).isEqualTo(404);
  }

  @Test
  void theViewerPageAndItsAssetsAreServedFromTheJar() {
    HttpResponse<byte[]> page = server.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertThat(html).contains("<meta name=\"tileserver-style\" content=\"listings\">", "<label for=\"beds\">");
    for (String asset : new String[] {"/viewer/viewer.js", "/viewer/vendor/maplibre-gl.mjs", "/viewer/vendor/maplibre-gl-worker.mjs"}) {
      HttpResponse<byte[]> r = server.get(asset);
      assertThat(r.statusCode()).as(asset).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).as(asset).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    }
    assertThat(server.get("/viewer/vendor/maplibre-gl.css").statusCode()).isEqualTo(200);
    assertThat(server.get("/viewer/nothing.js").statusCode()).isEqualTo(404);
    // The folder's index is the page itself, never the template with its placeholder.
    assertThat(server.get("/viewer/index.html").body()).isEqualTo(page.body());
  }
}
