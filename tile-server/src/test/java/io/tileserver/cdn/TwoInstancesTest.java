package io.tileserver.cdn;

import static io.tileserver.cdn.CdnFixtures.DENSE;
import static io.tileserver.cdn.CdnFixtures.header;
import static io.tileserver.cdn.CdnFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.tile.TileCover;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one Redis (the shared one, under a key prefix of this run): they share tiles
 * through L2 and versions through Redis, and an invalidation on one reaches the other by pub/sub.
 */
class TwoInstancesTest {
  private static DatabaseUrl db;
  private static TestServer a;
  private static TestServer b;

  @BeforeAll
  static void start() throws SQLException {
    db = CdnFixtures.database("cdn_two", 20_000);
    String config = """
        server:
          port: 0
        database:
          url: ${DATABASE_URL}
          pool-size: 4
        redis:
          url: %s
          key-prefix: "two-%d:"
        sources:
          properties: {}
        """.formatted(TestServices.redisUrl(), System.nanoTime());
    a = TestServer.start(db, config);
    b = TestServer.start(db, config);
  }

  @AfterAll
  static void stop() {
    for (TestServer server : new TestServer[] {a, b}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void aTileBuiltByOneInstanceIsAnL2HitInTheOther() {
    String tile = "/tiles/properties/11/603/770.pbf";
    assertThat(header(a.get(tile), "X-Cache")).isEqualTo("MISS");
    CdnFixtures.eventually("A's L2 write lands", 5, () -> a.app().server().cache().l2Status().label().equals("ok")
        && "L2".equals(header(b.get(tile), "X-Cache-Level")));
    assertThat(CdnFixtures.version(json(a.get("/tiles/properties.json"))))
        .as("both instances publish the same data version")
        .isEqualTo(CdnFixtures.version(json(b.get("/tiles/properties.json"))));
  }

  @Test
  void anUpdatedListingIsServedFreshByBothWithinTwoSecondsWhileUnrelatedTilesStayCached() throws SQLException {
    String[] listing = ((String) TestSql.scalar(db, "SELECT id || ' ' || longitude || ' ' || latitude FROM properties"
        + " WHERE geom && ST_Transform(ST_TileEnvelope(10, 301, 385), 4326) ORDER BY id LIMIT 1")).split(" ");
    double lon = Double.parseDouble(listing[1]);
    double lat = Double.parseDouble(listing[2]);
    List<TileCoord> changed = TileCover.tiles(new Bounds(lon, lat, lon, lat), 0, 16);
    assertThat(changed).contains(new TileCoord(10, 301, 385));
    List<String> unrelated = sample(Set.copyOf(changed));
    String etagA = header(a.get(DENSE), "ETag");
    String etagB = header(b.get(DENSE), "ETag");
    assertThat(etagB).isEqualTo(etagA);
    for (String tile : unrelated) {
      a.get(tile);
      b.get(tile);
    }

    TestSql.execute(db, "UPDATE properties SET price = price + 12345 WHERE id = " + listing[0]);
    a.app().server().invalidator().invalidateTiles("properties", changed).await();

    CdnFixtures.eventually("both instances serve the new tile", 2,
        () -> !etagA.equals(header(a.get(DENSE), "ETag")) && !etagA.equals(header(b.get(DENSE), "ETag")));
    assertThat(header(b.get(DENSE), "ETag")).isEqualTo(header(a.get(DENSE), "ETag"));
    for (String tile : unrelated) {
      for (TestServer server : new TestServer[] {a, b}) {
        HttpResponse<byte[]> r = server.get(tile);
        assertThat(header(r, "X-Cache-Level")).as(tile).isEqualTo("L1");
      }
    }
  }

  /** 1,000 z13 tiles around the data, none of them a changed tile. */
  private static List<String> sample(Set<TileCoord> excluded) {
    List<String> tiles = new ArrayList<>();
    for (int x = 2400; tiles.size() < 1000; x++) {
      for (int y = 3070; y < 3095 && tiles.size() < 1000; y++) {
        if (!excluded.contains(new TileCoord(13, x, y))) {
          tiles.add("/tiles/properties/13/" + x + "/" + y + ".pbf");
        }
      }
    }
    return tiles;
  }
}
