package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.fonts.DecodedGlyphs;
import io.tileserver.testing.TestServices;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one glyph request can make the server do, over the real server: a stack is composed from
 * ranges each font renders once, its length is bounded, a range has one spelling, and renders wait
 * in a bounded queue of their own (here one thread and two queued ranges: a two-font stack always
 * fits, an eight-font one cannot).
 */
class GlyphRequestLimitsTest {
  private static final String CONFIG = """
      server:
        port: 0
      database:
        url: ${DATABASE_URL}
        pool-size: 1
      schema:
        migrate-on-start: false
      fonts:
        render-threads: 1
        render-queue: 2
      """;
  private static final Pattern RENDERED = Pattern.compile("(?m)^glyph_ranges_rendered_total(?:\\{[^}]*})? (\\S+)$");
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServices.freshDatabase("glyphlimits"), CONFIG);
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

  private static double rendered() {
    Matcher m = RENDERED.matcher(new String(server.get("/metrics").body(), StandardCharsets.UTF_8));
    assertThat(m.find()).as("glyph_ranges_rendered_total in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void bothOrdersOfAStackAreComposedFromOneRenderOfEachFont() {
    double before = rendered();
    HttpResponse<byte[]> serifFirst = server.get("/fonts/DejaVu%20Serif,DejaVu%20Sans/512-767.pbf");
    HttpResponse<byte[]> sansFirst = server.get("/fonts/DejaVu%20Sans,DejaVu%20Serif/512-767.pbf");
    assertThat(serifFirst.statusCode()).isEqualTo(200);
    assertThat(sansFirst.statusCode()).isEqualTo(200);
    assertThat(DecodedGlyphs.decode(sansFirst.body()).stacks().getFirst().name()).isEqualTo("DejaVu Sans,DejaVu Serif");
    assertThat(sansFirst.body()).isNotEqualTo(serifFirst.body());
    assertThat(rendered() - before).isEqualTo(2);
  }

  @Test
  void aStackOfMoreFontsThanTheLimitIs400AndRepeatedNamesCountOnce() {
    HttpResponse<byte[]> r = server.get("/fonts/F1,F2,F3,F4,F5,F6,F7,F8,F9/0-255.pbf");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject body = json(r);
    assertThat(body.getString("error")).isEqualTo("bad_request");
    assertThat(body.getString("detail")).isEqualTo("the font stack names 9 fonts; at most 8 are served");
    assertThat(body.getString("hint")).contains("1 to 8 fonts", "fonts.max-stack-fonts");

    HttpResponse<byte[]> repeated = server.get("/fonts/" + "DejaVu%20Sans,".repeat(12) + "/0-255.pbf");
    assertThat(repeated.statusCode()).isEqualTo(200);
    assertThat(DecodedGlyphs.decode(repeated.body()).stacks().getFirst().name()).isEqualTo("DejaVu Sans");

    assertThat(json(server.get("/fonts/%20,%20/0-255.pbf")).getString("detail")).isEqualTo("the font stack names no font");
  }

  @Test
  void aRangeSpelledAnyOtherWayIsA400InJson() {
    for (String range : new String[] {"00-255", "0-0255", "%30-255", "0-%32%35%35", "%D9%A0-255",
        "99999999999-255", "0-99999999999999999999", "-0-255", "0--255"}) {
      HttpResponse<byte[]> r = server.get("/fonts/DejaVu%20Sans/" + range + ".pbf");
      assertThat(r.statusCode()).as(range).isEqualTo(400);
      assertThat(json(r).getString("hint")).as(range).contains("0-255.pbf");
    }
    assertThat(server.get("/fonts/DejaVu%20Sans/0-255%2Epbf").statusCode()).isEqualTo(404);
  }

  @Test
  void aFullRenderQueueIs503WithRetryAfterAndRetriesEndInTheRange() throws InterruptedException {
    String stack = "/fonts/DejaVu%20Sans%20Bold,DejaVu%20Sans%20Oblique,DejaVu%20Serif%20Bold,DejaVu%20Serif%20Italic,"
        + "DejaVu%20Sans%20Mono%20Bold,DejaVu%20Sans%20Condensed,DejaVu%20Serif%20Condensed,DejaVu%20Sans%20ExtraLight"
        + "/0-255.pbf";
    // Eight uncached ranges for one thread and two queue places: at most three are taken, the rest
    // refused (a render takes far longer than queueing all eight).
    HttpResponse<byte[]> refused = server.get(stack);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    JsonObject body = json(refused);
    assertThat(body.getString("error")).isEqualTo("unavailable");
    assertThat(body.getString("detail")).contains("glyph rendering is busy");

    // What was queued is kept: each retry gets further, and the stack is served within a few.
    long deadline = System.nanoTime() + 60_000_000_000L;
    HttpResponse<byte[]> r = refused;
    while (r.statusCode() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      r = server.get(stack);
    }
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(DecodedGlyphs.decode(r.body()).stacks().getFirst().glyphs()).containsKey((int) 'A');
  }
}
