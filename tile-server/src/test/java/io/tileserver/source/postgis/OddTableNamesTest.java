package io.tileserver.source.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.tileserver.http.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tables with names that are not URL-safe get Martin's ids (every character outside
 * {@code [A-Za-z0-9_.-]} becomes {@code -}; a taken or reserved id gets {@code .1}, {@code .2}, … in
 * schema and name order), and each id reaches its own table through every tile and TileJSON URL
 * form, the id percent-encoded as a client would.
 */
class OddTableNamesTest {
  private static FixtureDatabase db;
  private static TestServer server;

  @BeforeAll
  static void start() {
    db = FixtureDatabase.create("odd_names", "odd_names");
    server = TestServer.start(db.url, """
        server: {port: 0}
        database:
          url: "${DATABASE_URL}"
          auto-publish: {schemas: [public, second]}
        schema: {migrate-on-start: false}
        """);
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    db.close();
  }

  @Test
  void idsAreMartinsInSchemaAndNameOrder() {
    JsonObject catalog = new JsonObject(new String(server.get("/catalog").body(), StandardCharsets.UTF_8));
    assertThat(new ArrayList<>(catalog.getJsonObject("tiles").fieldNames())).containsExactlyInAnyOrder(
        "..1", "My-Table", "UPPER", "_.1", "a-b", "a-b.1", "a.b", "catalog.1", "quote-d", "-n-c-d-",
        "My-Table.1", "UPPER.1", "a.b.1", "quote-d.1", "basemap");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "public.My Table | My-Table", "second.My Table | My-Table.1", "public.a.b | a.b", "second.a.b | a.b.1",
    "public.quote\"d | quote-d", "second.quote\"d | quote-d.1", "public.UPPER | UPPER", "second.UPPER | UPPER.1",
    "public.a b | a-b", "public.a-b | a-b.1", "public.catalog | catalog.1", "public._ | _.1", "public.. | ..1",
    "public.Ünïcødé | -n-c-d-"})
  void eachIdServesItsTableAtEveryUrl(String table, String id) {
    String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
    for (String path : List.of("/tiles/" + encoded + "/0/0/0.pbf", "/" + encoded + "/0/0/0")) {
      HttpResponse<byte[]> r = server.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      List<JtsLayer> layers = new ArrayList<>(TileDump.decode(r.body()).getLayers());
      assertThat(layers).as(path).singleElement().satisfies(layer -> {
        assertThat(layer.getName()).isEqualTo(id);
        assertThat(layer.getGeometries()).singleElement()
            .satisfies(g -> assertThat(((Map<?, ?>) g.getUserData()).get("src")).isEqualTo(table));
      });
    }
    for (String path : List.of("/tiles/" + encoded + ".json", "/" + encoded)) {
      HttpResponse<byte[]> r = server.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      JsonObject tileJson = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
      assertThat(tileJson.getJsonArray("vector_layers").getJsonObject(0).getString("id")).as(path).isEqualTo(id);
    }
  }
}
