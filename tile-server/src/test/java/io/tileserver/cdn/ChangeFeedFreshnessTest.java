package io.tileserver.cdn;

import static io.tileserver.cdn.CdnFixtures.header;
import static io.tileserver.cdn.CdnFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.source.changes.FreshTiles;
import io.tileserver.testing.TestServices;
import io.tileserver.testing.TestSql;
import io.tileserver.testing.Waits;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tile change feed across the fleet: instance A follows {@code properties} (changes: notify),
 * instance B does not and hears of changes only through Redis; the nginx edge in front of A serves
 * the new bytes, and the CDN purge hook is called with the changed tiles' surrogate keys.
 */
class ChangeFeedFreshnessTest {
  private static final Queue<String> PURGED = new ConcurrentLinkedQueue<>();
  private static DatabaseUrl db;
  private static HttpServer cdn;
  private static TestServer a;
  private static TestServer b;
  private static Edge edge;

  @BeforeAll
  static void start() throws SQLException, IOException {
    db = CdnFixtures.database("change_feed_fleet", 20_000);
    cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cdn.createContext("/purge", exchange -> {
      PURGED.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring("keys=".length()),
          StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    cdn.start();
    String config = """
        server:
          port: 0
          cache-control: "public, max-age=300"
        database:
          url: ${DATABASE_URL}
          pool-size: 4
        redis:
          url: %s
          key-prefix: "feed-%d:"
        admin:
          purge-hook:
            url: http://127.0.0.1:%d/purge?keys={keys}
        sources:
          properties: {%s}
        """;
    long prefix = System.nanoTime();
    int hook = cdn.getAddress().getPort();
    a = TestServer.start(db, config.formatted(TestServices.redisUrl(), prefix, hook, "changes: notify"));
    b = TestServer.start(db, config.formatted(TestServices.redisUrl(), prefix, hook, ""));
    edge = Edge.start(a.app().port());
  }

  @AfterAll
  static void stop() {
    if (edge != null) {
      edge.close();
    }
    for (TestServer server : new TestServer[] {a, b}) {
      if (server != null) {
        server.close();
      }
    }
    if (cdn != null) {
      cdn.stop(0);
    }
  }

  /** The z14 tile of the {@code n}th listing of the dense z10 tile, and the listing's id. */
  private static Map.Entry<Long, TileCoord> listing(int n) throws SQLException {
    String[] p = ((String) TestSql.scalar(db, "SELECT id || ' ' || longitude || ' ' || latitude FROM properties"
        + " WHERE geom && ST_Transform(ST_TileEnvelope(10, 301, 385), 4326) ORDER BY id OFFSET " + n + " LIMIT 1"))
        .split(" ");
    double lon = Double.parseDouble(p[1]);
    double lat = Double.parseDouble(p[2]);
    return Map.entry(Long.parseLong(p[0]),
        new TileCoord(14, (int) (WebMercator.x(lon) * 16384), (int) (WebMercator.y(lat) * 16384)));
  }

  @Test
  void theInstanceThatDoesNotFollowDropsTheChangedTileFromL1ThroughRedis() throws SQLException {
    Map.Entry<Long, TileCoord> listing = listing(0);
    String changed = FreshTiles.path("properties", listing.getValue());
    List<String> others = FreshTiles.around(listing.getValue(), 6).stream()
        .filter(t -> !t.equals(listing.getValue()) && !t.equals(new TileCoord(13, listing.getValue().x() >> 1,
            listing.getValue().y() >> 1)) && !t.equals(new TileCoord(12, listing.getValue().x() >> 2,
            listing.getValue().y() >> 2)))
        .map(t -> FreshTiles.path("properties", t)).toList();
    FreshTiles.bodies(a::get, others);
    FreshTiles.bodies(b::get, others);
    Map<String, byte[]> before = FreshTiles.bodies(b::get, List.of(changed));
    assertThat(header(b.get(changed), "X-Cache-Level")).isEqualTo("L1");

    TestSql.execute(db, "UPDATE properties SET price = price + 7 WHERE id = " + listing.getKey());
    long ms = FreshTiles.untilChanged(b::get, before, System.nanoTime()).get(changed);
    double kept = FreshTiles.hitShare(b::get, others);
    System.out.printf("freshness second instance (via Redis): COMMIT -> new bytes of %s in %d ms;"
        + " %.1f%% of %d other warmed tiles kept%n", changed, ms, kept * 100, others.size());
    assertThat(kept).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void theEdgeServesTheNewBytesAndTheHookPurgesTheChangedTiles() throws SQLException {
    Map.Entry<Long, TileCoord> listing = listing(1);
    TileCoord tile = listing.getValue();
    String before = versionedUrl(tile);
    byte[] old = edge.get(before).body();
    assertThat(header(edge.get(before), "X-Cache-Status")).isEqualTo("HIT");
    PURGED.clear();

    TestSql.execute(db, "UPDATE properties SET price = price + 9 WHERE id = " + listing.getKey());
    long start = System.nanoTime();
    Waits.until("the edge serves the changed tile's new bytes", Duration.ofMillis(FreshTiles.DEADLINE_MILLIS),
        () -> !java.util.Arrays.equals(old, edge.get(versionedUrl(tile)).body()));
    System.out.printf("freshness through the nginx edge (versioned TileJSON URL): COMMIT -> new bytes of %s in %d ms%n",
        FreshTiles.path("properties", tile), (System.nanoTime() - start) / 1_000_000);
    Waits.until("the purge hook is called", Duration.ofSeconds(5), () -> !PURGED.isEmpty());
    assertThat(String.join(" ", PURGED)).contains("tile:properties/" + tile.z() + "/" + tile.x() + "/" + tile.y())
        .doesNotContain("src:properties");
  }

  /** The edge's TileJSON URL of {@code tile}: it names the source's current data version. */
  private static String versionedUrl(TileCoord tile) {
    return json(edge.get("/tiles/properties.json")).getJsonArray("tiles").getString(0)
        .replace("{z}/{x}/{y}", tile.z() + "/" + tile.x() + "/" + tile.y());
  }
}
