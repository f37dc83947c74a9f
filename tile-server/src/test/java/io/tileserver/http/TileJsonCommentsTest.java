package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table's or function's {@code COMMENT} holding a JSON object is merged into its TileJSON with
 * JSON Merge Patch, as Martin does (its description becomes the description); a plain comment stays
 * the description.
 */
class TileJsonCommentsTest {
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    DatabaseUrl db = TestServices.freshDatabase("tilejson_comments");
    TestSql.execute(db, """
        CREATE TABLE commented (id integer PRIMARY KEY, geom geometry(Point, 4326));
        COMMENT ON TABLE commented IS '{"description": "from the comment", "attribution": "© OSM",
          "version": "1.2.3", "foo": {"bar": "baz"}, "minzoom": 3, "filters": null}';
        CREATE TABLE plain (id integer PRIMARY KEY, geom geometry(Point, 4326));
        COMMENT ON TABLE plain IS '{not json: a plain comment';
        CREATE FUNCTION commented_tile(z integer, x integer, y integer) RETURNS bytea
          LANGUAGE sql IMMUTABLE AS $$ SELECT ''::bytea $$;
        COMMENT ON FUNCTION commented_tile(integer, integer, integer) IS '{"attribution": "function data"}';
        """);
    server = TestServer.start(db, """
        server: {port: 0}
        database: {url: "${DATABASE_URL}"}
        schema: {migrate-on-start: false}
        """);
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject tileJson(String id) {
    return new JsonObject(new String(server.get("/tiles/" + id + ".json").body(), StandardCharsets.UTF_8));
  }

  @Test
  void aJsonTableCommentIsMergedIntoTheTileJson() {
    JsonObject doc = tileJson("commented");

    assertThat(doc.getString("description")).isEqualTo("from the comment");
    assertThat(doc.getString("attribution")).isEqualTo("© OSM");
    assertThat(doc.getString("version")).isEqualTo("1.2.3");
    assertThat(doc.getJsonObject("foo").getString("bar")).isEqualTo("baz");
    assertThat(doc.getInteger("minzoom")).isEqualTo(3);
    assertThat(doc.containsKey("filters")).as("a null removes the member").isFalse();
    assertThat(doc.getString("tilejson")).isEqualTo("3.0.0");
    assertThat(doc.getJsonArray("tiles")).hasSize(1);
  }

  @Test
  void aJsonFunctionCommentIsMergedToo() {
    assertThat(tileJson("commented_tile").getString("attribution")).isEqualTo("function data");
  }

  @Test
  void aPlainCommentIsTheDescriptionAndTheCatalogShowsTheMergedOne() {
    assertThat(tileJson("plain").getString("description")).isEqualTo("{not json: a plain comment");
    JsonObject tiles = new JsonObject(new String(server.get("/catalog").body(), StandardCharsets.UTF_8))
        .getJsonObject("tiles");
    assertThat(tiles.getJsonObject("commented").getString("description")).isEqualTo("from the comment");
  }

  @Test
  void mergePatchFollowsRfc7386() {
    JsonObject target = new JsonObject("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}");
    JsonObject patch = new JsonObject("{\"a\":\"z\",\"c\":{\"f\":null},\"n\":[1]}");

    assertThat(MetadataHandler.mergePatch(target, patch))
        .isEqualTo(new JsonObject("{\"a\":\"z\",\"c\":{\"d\":\"e\"},\"n\":[1]}"));
  }
}
