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
import org.junit.jupiter.api.Test;

/**
 * Stale on error: when the current tile cannot be built (the database is too slow, busy or down)
 * and this instance kept an older copy (its data changed since, or it expired), the older copy is
 * answered, marked stale, instead of a 503.
 */
class StaleOnErrorTest {
  static final String TOKEN = "stale-on-error-admin-token";
  static final String CONFIG = """
      server: {port: 0}
      database:
        url: ${DATABASE_URL}
        statement-timeout-ms: 300
      admin: {enabled: true, token: %s}
      sources:
        flaky_tile: {function: flaky_tile}
      """.formatted(TOKEN);
  /** A tile function that answers at once, or sleeps past the statement timeout when told to. */
  static final String FUNCTION = """
      CREATE TABLE flaky_mode (slow boolean NOT NULL);
      INSERT INTO flaky_mode VALUES (false);
      CREATE FUNCTION flaky_tile(z integer, x integer, y integer) RETURNS bytea
      LANGUAGE plpgsql AS $$
      DECLARE
        tile bytea;
      BEGIN
        IF (SELECT slow FROM flaky_mode) THEN
          PERFORM pg_sleep(5);
        END IF;
        SELECT ST_AsMVT(q, 'flaky') INTO tile FROM (
          SELECT ST_AsMVTGeom(ST_Centroid(ST_TileEnvelope(z, x, y)), ST_TileEnvelope(z, x, y)) AS geom,
                 clock_timestamp()::text AS built
        ) q;
        RETURN tile;
      END
      $$;
      """;

  private static DatabaseUrl db;
  private static TestServer server;

  @BeforeAll
  static void start() throws SQLException {
    db = TestServices.freshDatabase("stale");
    TestSql.execute(db, FUNCTION);
    server = TestServer.start(db, CONFIG);
    server.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static void slow(boolean slow) throws SQLException {
    TestSql.execute(db, "UPDATE flaky_mode SET slow = " + slow);
  }

  @Test
  void aTileWhoseSuccessorCannotBeBuiltIsServedStaleUntilTheSourceRecovers() throws SQLException {
    String tile = "/tiles/flaky_tile/3/1/1.pbf";
    HttpResponse<byte[]> fresh = server.get(tile);
    assertThat(fresh.statusCode()).isEqualTo(200);
    // A purge gives the tile a new data version: the cached copy is no longer current.
    assertThat(server.post("/admin/purge/flaky_tile/3/1/1", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);

    slow(true);
    try {
      HttpResponse<byte[]> stale = server.get(tile);
      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.headers().firstValue("X-Cache")).hasValue("STALE");
      assertThat(stale.headers().firstValue("Warning")).hasValue("110 - \"Response is Stale\"");
      assertThat(stale.headers().firstValue("Cache-Control")).hasValueSatisfying(
          c -> assertThat(c).contains("max-age=5", "stale-if-error"));
      assertThat(stale.body()).isEqualTo(fresh.body());

      HttpResponse<byte[]> neverSeen = server.get("/tiles/flaky_tile/3/2/2.pbf");
      assertThat(neverSeen.statusCode()).as("no older copy to stand in").isEqualTo(503);
      assertThat(neverSeen.headers().firstValue("Retry-After")).isPresent();
    } finally {
      slow(false);
    }

    HttpResponse<byte[]> recovered = server.get(tile);
    assertThat(recovered.statusCode()).isEqualTo(200);
    assertThat(recovered.headers().firstValue("X-Cache")).hasValue("MISS");
    assertThat(recovered.body()).as("built anew: its timestamp differs").isNotEqualTo(fresh.body());
  }
}
