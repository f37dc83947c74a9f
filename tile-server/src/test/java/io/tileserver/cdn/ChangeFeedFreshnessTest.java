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

  /** A listing: its id and its position as Web Mercator fractions of the world. */
  private record Listing(long id, double x, double y) {
    /** Its z14 tile. */
    TileCoord tile() {
      return new TileCoord(14, (int) (x * 16384), (int) (y * 16384));
    }

    /**
     * Whether {@code tile} draws it: it lies in the tile grown on every side by the source's buffer
     * (64 of 4,096, the default), so a change of it retires that tile.
     */
    boolean drawnIn(TileCoord tile) {
      double width = 1.0 / (1 << tile.z());
      double margin = width * 64 / 4096;
      return x >= tile.x() * width - margin && x <= (tile.x() + 1) * width + margin
          && y >= tile.y() * width - margin && y <= (tile.y() + 1) * width + margin;
    }
  }

  /** The {@code n}th listing of the dense z10 tile. */
  private static Listing listing(int n) throws SQLException {
    String[] p = ((String) TestSql.scalar(db, "SELECT id || ' ' || longitude || ' ' || latitude FROM properties"
        + " WHERE geom && ST_Transform(ST_TileEnvelope(10, 301, 385), 4326) ORDER BY id OFFSET " + n + " LIMIT 1"))
        .split(" ");
    return new Listing(Long.parseLong(p[0]), WebMercator.x(Double.parseDouble(p[1])),
        WebMercator.y(Double.parseDouble(p[2])));
  }

  @Test
  void theInstanceThatDoesNotFollowDropsTheChangedTileFromL1ThroughRedis() throws SQLException {
    Listing listing = listing(0);
    String changed = FreshTiles.path("properties", listing.tile());
    // The tiles that do not draw the listing: a change of it must leave them cached.
    List<String> others = FreshTiles.around(listing.tile(), 6).stream()
        .filter(t -> !listing.drawnIn(t))
        .map(t -> FreshTiles.path("properties", t)).toList();
    FreshTiles.bodies(a::get, others);
    FreshTiles.bodies(b::get, others);
    Map<String, byte[]> before = FreshTiles.bodies(b::get, List.of(changed));
    assertThat(header(b.get(changed), "X-Cache-Level")).isEqualTo("L1");

    TestSql.execute(db, "UPDATE properties SET price = price + 7 WHERE id = " + listing.id());
    long ms = FreshTiles.untilChanged(b::get, before, System.nanoTime()).get(changed);
    double kept = FreshTiles.hitShare(b::get, others);
    System.out.printf("freshness second instance (via Redis): COMMIT -> new bytes of %s in %d ms;"
        + " %.1f%% of %d other warmed tiles kept%n", changed, ms, kept * 100, others.size());
    assertThat(kept).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void theEdgeServesTheNewBytesAndTheHookPurgesTheChangedTiles() throws SQLException {
    Listing listing = listing(1);
    TileCoord tile = listing.tile();
    String before = versionedUrl(tile);
    byte[] old = edge.get(before).body();
    assertThat(header(edge.get(before), "X-Cache-Status")).isEqualTo("HIT");
    PURGED.clear();

    TestSql.execute(db, "UPDATE properties SET price = price + 9 WHERE id = " + listing.id());
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
