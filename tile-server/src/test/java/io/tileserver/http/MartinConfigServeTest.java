package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Martin configuration file, as Martin's documentation writes one, served as it is: from a
 * database whose sessions are all read-only (so the server provably writes nothing: no migration, no
 * triggers), with Martin's source ids, feature ids from {@code id_columns}, every column a property,
 * {@code max_feature_count}, {@code auto_bounds: skip}, {@code base_path}, {@code preferred_encoding}
 * and an MBTiles directory, through both URL forms.
 */
class MartinConfigServeTest {
  @TempDir static Path dir;
  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    db = TestServices.freshDatabase("martin_config");
    TestSql.execute(db, """
        CREATE SCHEMA other;
        CREATE TABLE roads (id integer PRIMARY KEY, name text, lanes integer, geom geometry(LineString, 4326));
        INSERT INTO roads VALUES (7, 'Aurora', 4, 'SRID=4326;LINESTRING(-122.35 47.60, -122.34 47.62)');
        CREATE TABLE other.roads (id integer PRIMARY KEY, geom geometry(LineString, 4326));
        INSERT INTO other.roads VALUES (1, 'SRID=4326;LINESTRING(-122.30 47.60, -122.31 47.62)');
        CREATE TABLE "My Parks" (gid integer PRIMARY KEY, name text, geom geometry(Polygon, 4326));
        INSERT INTO "My Parks" VALUES (42, 'Gas Works',
          'SRID=4326;POLYGON((-122.337 47.645, -122.333 47.645, -122.333 47.647, -122.337 47.647, -122.337 47.645))');
        CREATE TABLE dense (n integer, geom geometry(Point, 4326));
        INSERT INTO dense SELECT i, ST_SetSRID(ST_MakePoint(-122.3 + i * 0.00001, 47.6), 4326)
          FROM generate_series(1, 1500) i;
        CREATE FUNCTION heat(z integer, x integer, y integer) RETURNS bytea LANGUAGE sql IMMUTABLE
          AS $$ SELECT ''::bytea $$;
        CREATE FUNCTION keyed(z integer, x integer, y integer) RETURNS TABLE(mvt bytea, key text)
          LANGUAGE sql STABLE AS $$
            SELECT t, 'k-' || md5(t) FROM (SELECT ST_AsMVT(q, 'keyed') AS t FROM (SELECT z AS zoom,
              ST_AsMVTGeom(ST_Centroid(ST_TileEnvelope(z, x, y)), ST_TileEnvelope(z, x, y)) AS geom) q) s $$;
        """);
    // From here on every session of this database is read-only: a write by the server would fail.
    TestSql.execute(db, "ALTER DATABASE " + db.database() + " SET default_transaction_read_only = on");
    Files.createDirectories(dir.resolve("tiles"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tiles/basemap.mbtiles"));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
      st.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
      st.execute("INSERT INTO metadata VALUES ('name', 'Basemap'), ('format', 'pbf'), ('minzoom', '0'), ('maxzoom', '2')");
    }
    DatabaseUrl second = TestServices.freshDatabase("martin_config_second");
    TestSql.execute(second, """
        CREATE TABLE roads (id integer PRIMARY KEY, name text, geom geometry(LineString, 4326));
        INSERT INTO roads VALUES (9, 'Second', 'SRID=4326;LINESTRING(-122.35 47.60, -122.34 47.62)');
        """);
    TestSql.execute(second, "ALTER DATABASE " + second.database() + " SET default_transaction_read_only = on");
    String url = url(db);
    server = TestServer.start(db, """
        # A Martin file: nothing in it is our own key.
        listen_addresses: "127.0.0.1:3000"
        keep_alive: 30
        base_path: /maps
        worker_processes: 2
        preferred_encoding: gzip
        cache_size_mb: 64
        web_ui: disable
        postgres:
          - connection_string: ${MARTIN_DATABASE_URL:-%s}
            default_srid: 4326
            pool_size: 4
            max_feature_count: 1000
            auto_bounds: skip
            auto_publish:
              tables:
                from_schemas: [public, other]
                id_columns: [gid]
            functions:
              keyed_tiles:
                schema: public
                function: keyed
                minzoom: 0
                maxzoom: 14
          # A second database: its tables join the catalog, ids unique across both.
          - connection_string: %s
        mbtiles:
          paths: [%s]
        """.formatted(url, url(second), dir.resolve("tiles")));
    server.awaitReady(Duration.ofSeconds(60));
  }

  private static String url(DatabaseUrl db) {
    return "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/" + db.database();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject json(String path) {
    return new JsonObject(new String(server.get(path).body(), StandardCharsets.UTF_8));
  }

  private static DecodedTile tile(String path) {
    return new MvtDecoder().decode(server.get(path).body());
  }

  @Test
  void theCatalogHasMartinsIdsAndNoFunctionsSinceOnlyTablesAreAutoPublished() {
    assertThat(json("/catalog").getJsonObject("tiles").fieldNames())
        .containsExactlyInAnyOrder("roads", "roads.1", "roads.2", "My-Parks", "dense", "basemap", "keyed_tiles");
  }

  @Test
  void martinsTileUrlServesEveryColumnAsAPropertyAndNoFeatureIdWithoutIdColumns() {
    // Schemas in byte order, as Martin sorts them: other.roads is "roads", public.roads "roads.1".
    assertThat(tile("/roads/12/656/1430").layers().get(0).features().get(0).attributes()).containsOnlyKeys("id");
    HttpResponse<byte[]> martin = server.get("/roads.1/12/655/1430");
    assertThat(martin.statusCode()).isEqualTo(200);
    assertThat(martin.body()).isEqualTo(server.get("/tiles/roads.1/12/655/1430.pbf").body());
    DecodedTile.Feature road = new MvtDecoder().decode(martin.body()).layers().get(0).features().get(0);
    assertThat(road.attributes()).containsEntry("id", 7L).containsEntry("name", "Aurora").containsEntry("lanes", 4L);
    assertThat(road.id()).isEmpty();
  }

  @Test
  void aSecondDatabaseOfTheListServesItsTables() {
    DecodedTile.Feature road = tile("/roads.2/12/655/1430").layers().get(0).features().get(0);
    assertThat(road.attributes()).containsEntry("name", "Second");
  }

  @Test
  void idColumnsGiveTheFeatureId() {
    DecodedTile.Feature park = tile("/My-Parks/12/656/1429").layers().get(0).features().get(0);
    assertThat(park.id()).hasValue(42);
    assertThat(park.attributes()).containsOnlyKeys("name");
  }

  @Test
  void maxFeatureCountBoundsEveryTile() {
    assertThat(tile("/dense/0/0/0").layers().get(0).features()).hasSize(1000);
  }

  @Test
  void tileJsonUrlsCarryTheBasePathAndSkippedBoundsAreTheWorld() {
    JsonObject doc = json("/roads");
    assertThat(doc.getJsonArray("tiles").getString(0)).startsWith(server.base() + "/maps/roads/{z}/{x}/{y}?v=");
    assertThat(doc.getJsonArray("bounds").getList()).isEqualTo(List.of(-180.0, -85.0511287798066, 180.0, 85.0511287798066));
  }

  @Test
  void aFunctionsKeyColumnIsTheTilesEtag() throws Exception {
    HttpResponse<byte[]> r = server.get("/keyed_tiles/3/1/2");
    Object key = TestSql.scalar(db, "SELECT key FROM keyed(3, 1, 2)");
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + key + "\"");
    assertThat(server.get("/keyed_tiles/3/1/2", "If-None-Match", "\"" + key + "\"").statusCode()).isEqualTo(304);
  }

  @Test
  void areaStatisticsOfADatabaseWithoutOurSchemaAreNotFound() {
    HttpResponse<byte[]> r = server.get("/api/stats/cities");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("tile-server migrate");
  }

  @Test
  void aClientTakingBrotliAndGzipEquallyGetsTheOneMartinsFilePrefers() {
    HttpResponse<byte[]> r = server.get("/tiles/dense/0/0/0.pbf", "Accept-Encoding", "br, gzip");
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
  }
}
