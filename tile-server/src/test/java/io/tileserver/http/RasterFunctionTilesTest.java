package io.tileserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A function source may return raster images, as Martin serves them: each tile goes out with the
 * content type its bytes say (PNG, JPEG, WebP by their signatures), exactly as the function made
 * it and never compressed again, whatever the client accepts.
 */
class RasterFunctionTilesTest {
  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    db = TestServices.freshDatabase("raster_function");
    // z1 a PNG, z2 a JPEG, z3 a WebP: a signature and then zeros, which gzip would shrink a lot.
    TestSql.execute(db, """
        CREATE FUNCTION raster_tile(z integer, x integer, y integer) RETURNS bytea
        LANGUAGE sql IMMUTABLE AS $$
          SELECT CASE z WHEN 1 THEN decode('89504e470d0a1a0a', 'hex')
                        WHEN 2 THEN decode('ffd8ffe0', 'hex')
                        ELSE decode('52494646000000005745425056503820', 'hex') END
                 || decode(repeat('00', 2000), 'hex')
        $$;
        """);
    server = TestServer.start(db, """
        server: {port: 0}
        database: {url: "${DATABASE_URL}"}
        schema: {migrate-on-start: false}
        rate-limit: {enabled: false}
        """);
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "z{0}: {1}")
  @CsvSource({"1, image/png", "2, image/jpeg", "3, image/webp"})
  void anImageTileIsSentAsItIsWithItsOwnContentType(int z, String contentType) throws SQLException {
    String path = "/tiles/raster_tile/" + z + "/0/0.pbf";
    byte[] made = (byte[]) TestSql.scalar(db, "SELECT raster_tile(" + z + ", 0, 0)");

    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> r = server.get(path, "Accept-Encoding", "gzip, deflate, br");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue(contentType);
      assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(r.body()).isEqualTo(made);
    }
  }
}
