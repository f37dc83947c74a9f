package io.tileserver.source.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileCompression;
import io.tileserver.archive.pmtiles.PmtilesWriter;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.tileserver.tile.Bounds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MBTiles and PMTiles files as sources. The MBTiles fixture is written with plain SQL (no code of
 * ours), its tiles made by PostGIS's {@code ST_AsMVT}, each holding one point named after its own
 * z/x/y, so a tile that comes back from the wrong row (a missed TMS flip) says so. Tiles stored
 * gzip-compressed reach gzip clients byte for byte as stored; the metadata is the TileJSON; a file
 * replaced on disk is served without a restart; a composite mixes an archive with a table.
 */
class ArchiveSourcesTest {
  private static final String PNG_1X1 = "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
      + "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4c10000000049454e44ae426082";
  @TempDir static Path dir;
  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    db = TestServices.freshDatabase("archives");
    TestSql.execute(db, """
        CREATE TABLE points (id integer PRIMARY KEY, name text, geom geometry(Point, 4326));
        INSERT INTO points VALUES (1, 'Pike Place', 'SRID=4326;POINT(-122.3421 47.6097)');
        """);
    mbtiles(dir.resolve("cells.mbtiles"), "", 3);
    mbtiles(dir.resolve("reload.mbtiles"), "", 2);
    pmtiles(dir.resolve("cells.pmtiles"), 3);
    rasterMbtiles(dir.resolve("raster.mbtiles"));
    server = TestServer.start(db, """
        server: {port: 0}
        database: {url: "${DATABASE_URL}"}
        schema: {migrate-on-start: false}
        rate-limit: {enabled: false}
        sources:
          cells: {kind: mbtiles, file: "%s"}
          cellspm: {kind: pmtiles, file: "%s"}
          raster: {kind: mbtiles, file: "%s"}
          replaced: {kind: mbtiles, file: "%s"}
          points: {table: points}
        """.formatted(dir.resolve("cells.mbtiles"), dir.resolve("cells.pmtiles"), dir.resolve("raster.mbtiles"),
        dir.resolve("reload.mbtiles")));
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The MVT of one point named {@code prefix z/x/y} at the centre of that tile, made by PostGIS. */
  private static byte[] cell(String prefix, int z, int x, int y) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
        PreparedStatement st = c.prepareStatement("""
            SELECT ST_AsMVT(t, 'cells') FROM (
              SELECT ? AS name, ST_AsMVTGeom(ST_Centroid(ST_TileEnvelope(?, ?, ?)), ST_TileEnvelope(?, ?, ?)) AS geom
            ) t""")) {
      st.setString(1, prefix + z + "/" + x + "/" + y);
      for (int i = 0; i < 2; i++) {
        st.setInt(2 + 3 * i, z);
        st.setInt(3 + 3 * i, x);
        st.setInt(4 + 3 * i, y);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  /** An MBTiles file (flat layout, TMS rows, gzip tiles) written with SQL alone, z0..maxzoom. */
  private static void mbtiles(Path file, String prefix, int maxzoom) throws Exception {
    Files.deleteIfExists(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
      st.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
      st.execute("INSERT INTO metadata VALUES ('name', 'Cells'), ('format', 'pbf'), ('minzoom', '0'),"
          + " ('maxzoom', '" + maxzoom + "'), ('bounds', '-180,-85,180,85'), ('attribution', 'cells by the test'),"
          + " ('json', '{\"vector_layers\": [{\"id\": \"cells\", \"fields\": {\"name\": \"String\"}}]}')");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO tiles VALUES (?, ?, ?, ?)")) {
        for (int z = 0; z <= maxzoom; z++) {
          for (int x = 0; x < 1 << z; x++) {
            for (int y = 0; y < 1 << z; y++) {
              insert.setInt(1, z);
              insert.setInt(2, x);
              insert.setInt(3, (1 << z) - 1 - y);
              insert.setBytes(4, gzip(cell(prefix, z, x, y)));
              insert.executeUpdate();
            }
          }
        }
      }
    }
  }

  private static void rasterMbtiles(Path file) throws Exception {
    Files.deleteIfExists(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
      st.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)");
      st.execute("INSERT INTO metadata VALUES ('name', 'Raster'), ('format', 'png'), ('minzoom', '0'), ('maxzoom', '0')");
      st.execute("INSERT INTO tiles VALUES (0, 0, 0, x'" + PNG_1X1 + "')");
    }
  }

  private static void pmtiles(Path file, int maxzoom) throws Exception {
    try (PmtilesWriter writer = PmtilesWriter.create(file, TileCompression.GZIP, "pbf")) {
      for (int z = 0; z <= maxzoom; z++) {
        for (int x = 0; x < 1 << z; x++) {
          for (int y = 0; y < 1 << z; y++) {
            writer.write(z, x, y, gzip(cell("pm ", z, x, y)));
          }
        }
      }
      writer.finish(new ArchiveMetadata("pbf", TileCompression.GZIP, 0, maxzoom, new Bounds(-180, -85, 180, 85),
          new JsonObject().put("name", "Cells PM").put("vector_layers",
              new JsonArray().add(new JsonObject().put("id", "cells").put("fields", new JsonObject())))));
    }
  }

  private static String name(byte[] tile) {
    DecodedTile decoded = new MvtDecoder().decode(tile);
    return (String) decoded.layers().get(0).features().get(0).attributes().get("name");
  }

  private static byte[] storedMbtile(Path file, int z, int x, int y) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement st = c.prepareStatement(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")) {
      st.setInt(1, z);
      st.setInt(2, x);
      st.setInt(3, (1 << z) - 1 - y);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBytes(1);
      }
    }
  }

  @Test
  void anMbtilesTileIsTheOneStoredForItsXyzCoordinates() {
    HttpResponse<byte[]> r = server.get("/tiles/cells/3/2/5.pbf");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.mapbox-vector-tile");
    assertThat(name(r.body())).isEqualTo("3/2/5");
    assertThat(name(server.get("/cells/2/3/0").body())).as("Martin's URL").isEqualTo("2/3/0");
  }

  @Test
  void gzipClientsGetTheStoredBytesAsTheyAre() throws SQLException {
    HttpResponse<byte[]> r = server.get("/tiles/cells/3/6/1.pbf", "Accept-Encoding", "gzip");
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(r.body()).isEqualTo(storedMbtile(dir.resolve("cells.mbtiles"), 3, 6, 1));
  }

  @Test
  void aPmtilesTileIsServedAndItsStoredGzipPassesThrough() {
    assertThat(name(server.get("/tiles/cellspm/3/7/2.pbf").body())).isEqualTo("pm 3/7/2");
    HttpResponse<byte[]> gz = server.get("/tiles/cellspm/3/7/2.pbf", "Accept-Encoding", "gzip");
    assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
  }

  @Test
  void tileJsonComesFromTheFilesMetadata() {
    JsonObject doc = new JsonObject(new String(server.get("/tiles/cells.json").body(), StandardCharsets.UTF_8));
    assertThat(doc.getString("name")).isEqualTo("Cells");
    assertThat(doc.getString("attribution")).isEqualTo("cells by the test");
    assertThat(doc.getInteger("maxzoom")).isEqualTo(3);
    assertThat(doc.getJsonArray("vector_layers").getJsonObject(0).getString("id")).isEqualTo("cells");
    JsonObject catalog = new JsonObject(new String(server.get("/catalog").body(), StandardCharsets.UTF_8));
    assertThat(catalog.getJsonObject("tiles").getJsonObject("cellspm").getString("kind")).isEqualTo("pmtiles");
    assertThat(catalog.getJsonObject("tiles").getJsonObject("raster").getString("content_type")).isEqualTo("image/png");
    assertThat(catalog.getJsonObject("tiles").getJsonObject("cells").getString("content_type"))
        .isEqualTo("application/vnd.mapbox-vector-tile");
  }

  @Test
  void rasterTilesKeepTheirContentType() {
    HttpResponse<byte[]> r = server.get("/tiles/raster/0/0/0.pbf", "Accept-Encoding", "gzip");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void aCompositeMixesAnArchiveWithATable() {
    DecodedTile tile = new MvtDecoder().decode(server.get("/tiles/cells,points/3/1/2.pbf").body());
    assertThat(tile.layers()).extracting(DecodedTile.Layer::name).containsExactly("cells", "points");
  }

  @Test
  void aFileReplacedOnDiskIsServedWithoutARestart() throws Exception {
    Path next = dir.resolve("next.mbtiles");
    mbtiles(next, "new ", 1);
    assertThat(name(server.get("/tiles/replaced/1/1/0.pbf").body())).isEqualTo("1/1/0");
    Files.move(next, dir.resolve("reload.mbtiles"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Waits.until("the replaced file's tile is served", Duration.ofSeconds(30),
        () -> "new 1/1/0".equals(name(server.get("/tiles/replaced/1/1/0.pbf").body())));
    JsonObject doc = new JsonObject(new String(server.get("/tiles/replaced.json").body(), StandardCharsets.UTF_8));
    assertThat(doc.getInteger("maxzoom")).as("the new file's metadata").isEqualTo(1);
  }
}
