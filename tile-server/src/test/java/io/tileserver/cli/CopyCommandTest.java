package io.tileserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.testing.NodeTools;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.TileCover;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tile-server copy}: every non-empty tile of a bbox and zoom range, as the server serves it,
 * into an MBTiles file (read back with plain SQL) or a PMTiles file (read back by the reference
 * reader, the npm {@code pmtiles} package); an interrupted MBTiles copy is continued; {@code --warm}
 * fills a running server's cache.
 */
class CopyCommandTest {
  private static final String BBOX = "-122.5,47.4,-122.1,47.8";
  private static final Bounds BOUNDS = new Bounds(-122.5, 47.4, -122.1, 47.8);
  private static final int MAXZOOM = 11;
  @TempDir static Path dir;
  private static DatabaseUrl db;
  private static Path config;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    db = TestServices.freshDatabase("copy");
    TestSql.execute(db, """
        CREATE TABLE points (id integer PRIMARY KEY, price integer, geom geometry(Point, 4326));
        INSERT INTO points SELECT i, 100000 + i * 1000,
            ST_SetSRID(ST_MakePoint(-122.45 + (i % 40) * 0.008, 47.45 + (i / 40) * 0.008), 4326)
          FROM generate_series(0, 1599) i;
        ANALYZE points;
        """);
    String yaml = """
        database: {url: "%s"}
        schema: {migrate-on-start: false}
        rate-limit: {enabled: false}
        sources:
          points: {table: points, filters: {price_max: {column: price, op: "<=", type: int}}}
        """;
    config = dir.resolve("config.yaml");
    Files.writeString(config, yaml.formatted(url(db)));
    server = TestServer.start(db, "server: {port: 0}\n" + yaml.formatted("${DATABASE_URL}"));
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String url(DatabaseUrl db) {
    return "postgresql://" + db.user() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/" + db.database();
  }

  private static int copy(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "copy";
    all[1] = "--config";
    all[2] = config.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return TileServerCommand.commandLine().execute(all);
  }

  /** What the running server sends an identity client for each non-empty tile of the region. */
  private static Map<String, byte[]> served(String query) {
    Map<String, byte[]> tiles = new LinkedHashMap<>();
    for (TileCoord c : TileCover.tiles(BOUNDS, 0, MAXZOOM)) {
      byte[] body = server.get("/tiles/points/" + c.z() + "/" + c.x() + "/" + c.y() + ".pbf" + query).body();
      if (body.length > 0) {
        tiles.put(c.z() + "/" + c.x() + "/" + c.y(), body);
      }
    }
    return tiles;
  }

  private static Map<String, byte[]> mbtiles(Path file) throws SQLException, IOException {
    Map<String, byte[]> tiles = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = c.createStatement().executeQuery("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")) {
      while (rs.next()) {
        int z = rs.getInt(1);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(rs.getBytes(4)))) {
          tiles.put(z + "/" + rs.getInt(2) + "/" + ((1 << z) - 1 - rs.getInt(3)), in.readAllBytes());
        }
      }
    }
    return tiles;
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void anMbtilesCopyHoldsEveryNonEmptyTileTheServerServesAndIsContinuedWhenInterrupted() throws Exception {
    Path out = dir.resolve("points.mbtiles");
    assertThat(copy("--source", "points", "--bbox", BBOX, "--minzoom", "0", "--maxzoom", "" + MAXZOOM,
        "--output", out.toString())).isEqualTo(0);
    Map<String, byte[]> expected = served("");
    assertThat(mbtiles(out)).containsOnlyKeys(expected.keySet());
    mbtiles(out).forEach((key, tile) -> assertThat(tile).as(key).isEqualTo(expected.get(key)));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out); Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("DELETE FROM map WHERE zoom_level = " + MAXZOOM)).isPositive();
      try (ResultSet rs = st.executeQuery("SELECT value FROM metadata WHERE name = 'format'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("pbf");
      }
    }
    assertThat(copy("--source", "points", "--bbox", BBOX, "--minzoom", "0", "--maxzoom", "" + MAXZOOM,
        "--output", out.toString())).isEqualTo(0);
    assertThat(mbtiles(out)).as("the missing zoom copied again").containsOnlyKeys(expected.keySet());
  }

  @Test
  void aPmtilesCopyIsReadByTheReferenceReaderWithTheServersTiles() throws Exception {
    Path out = dir.resolve("cheap.pmtiles");
    assertThat(copy("--source", "points", "--bbox", BBOX, "--minzoom", "0", "--maxzoom", "" + MAXZOOM,
        "--filter", "price_max=900000", "--output", out.toString())).isEqualTo(0);
    Map<String, byte[]> expected = served("?price_max=900000");

    NodeTools.install();
    JsonObject dump = new JsonObject(NodeTools.run(List.of("node", "pmtiles-dump.mjs", out.toString()), 120));
    assertThat(dump.getJsonObject("stored").fieldNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    JsonObject fetched = dump.getJsonObject("fetched");
    assertThat(fetched.fieldNames()).isNotEmpty();
    for (String key : fetched.fieldNames()) {
      assertThat(fetched.getString(key)).as(key).isEqualTo(sha256(expected.get(key)));
    }
    assertThat(dump.getJsonObject("header").getInteger("maxZoom")).isEqualTo(MAXZOOM);
    assertThat(dump.getJsonObject("metadata").getJsonArray("vector_layers").getJsonObject(0).getString("id"))
        .isEqualTo("points");
  }

  @Test
  void warmingFillsTheRunningServersCache() throws Exception {
    String tile = "/tiles/points/11/328/715.pbf?price_max=500000";
    assertThat(copy("--source", "points", "--bbox", BBOX, "--minzoom", "11", "--maxzoom", "11",
        "--filter", "price_max=500000", "--warm", server.base())).isEqualTo(0);
    assertThat(server.get(tile).headers().firstValue("X-Cache")).hasValue("HIT");
  }

  @Test
  void badArgumentsAreRefusedWithTheReason() {
    assertThat(copy("--source", "points", "--bbox", "1,2,3", "--output", dir.resolve("x.mbtiles").toString()))
        .isEqualTo(2);
    assertThat(copy("--source", "points", "--output", dir.resolve("x.zip").toString())).isEqualTo(2);
    assertThat(copy("--source", "points")).isEqualTo(2);
  }
}
