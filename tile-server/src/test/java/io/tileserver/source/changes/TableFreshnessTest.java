package io.tileserver.source.changes;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.http.TestServer;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.TestSql;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 part 2 end to end through HTTP: a table source ({@code properties}, points), a polygon
 * table source ({@code zip_areas}), a function source that depends on the listings
 * ({@code properties_mvt}) and their composite serve new bytes soon after a COMMIT, while the other
 * warmed tiles stay cached. Prints COMMIT → new bytes per source kind (bench/results/freshness-*).
 */
class TableFreshnessTest {
  private static final String COMPOSITE = "properties,zip_areas";
  private static final List<String> SOURCES = List.of("properties", "zip_areas", "properties_mvt", COMPOSITE);
  private static DatabaseUrl db;
  private static TestServer server;
  private static TileCoord center;
  private static List<TileCoord> grid;

  @BeforeAll
  static void start() throws SQLException {
    db = ListingDatabase.fresh("freshness", 11, 20_000);
    // A listing in the dense z10 tile of New York; the warmed grid and the ZIP squares surround it.
    String[] p = ((String) TestSql.scalar(db, "SELECT longitude || ' ' || latitude FROM properties"
        + " WHERE geom && ST_Transform(ST_TileEnvelope(10, 301, 385), 4326) ORDER BY id LIMIT 1")).split(" ");
    double lon = Double.parseDouble(p[0]);
    double lat = Double.parseDouble(p[1]);
    center = new TileCoord(14, (int) (WebMercator.x(lon) * 16384), (int) (WebMercator.y(lat) * 16384));
    TestSql.execute(db, "INSERT INTO zip_areas (zip, name, geom)"
        + " SELECT i || '-' || j, 'square', ST_Multi(ST_MakeEnvelope(" + lon + " - 0.1 + 0.02 * i, " + lat
        + " - 0.1 + 0.02 * j, " + lon + " - 0.1 + 0.02 * i + 0.018, " + lat + " - 0.1 + 0.02 * j + 0.018, 4326))"
        + " FROM generate_series(0, 9) i, generate_series(0, 9) j");
    server = TestServer.start(db, """
        database:
          url: ${DATABASE_URL}
          pool-size: 4
        sources:
          properties: {changes: notify}
          zip_areas: {changes: notify, maxzoom: 14}
          properties_mvt: {kind: function, function: properties_mvt, depends-on: [properties]}
        """);
    grid = FreshTiles.around(center, 6);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static List<String> warmed() {
    List<String> paths = new ArrayList<>();
    for (String source : SOURCES) {
      grid.forEach(t -> paths.add(FreshTiles.path(source, t)));
    }
    FreshTiles.bodies(server::get, paths);
    return paths;
  }

  /**
   * Warms the grid, runs {@code sql}, waits until {@code targets} serve new bytes, and checks that
   * at least 99% of the warmed tiles outside {@code touched} are still cache hits.
   */
  private static void change(String what, String sql, Collection<String> targets, Set<String> touched)
      throws SQLException {
    List<String> warmed = warmed();
    Map<String, byte[]> before = FreshTiles.bodies(server::get, targets);
    TestSql.execute(db, sql);
    Map<String, Long> ms = FreshTiles.untilChanged(server::get, before, System.nanoTime());
    List<String> others = warmed.stream().filter(path -> !touched.contains(path)).toList();
    double kept = FreshTiles.hitShare(server::get, others);
    ms.forEach((path, millis) -> System.out.printf("freshness %s: COMMIT -> new bytes of %s in %d ms%n", what, path,
        millis));
    System.out.printf("freshness %s: %.1f%% of %d other warmed tiles kept (X-Cache: HIT)%n", what, kept * 100,
        others.size());
    assertThat(kept).as("share of other warmed tiles still cached after: " + what).isGreaterThanOrEqualTo(0.99);
  }

  private static Set<String> paths(Collection<String> sources, Collection<TileCoord> tiles) {
    Set<String> out = new LinkedHashSet<>();
    sources.forEach(s -> tiles.forEach(t -> out.add(FreshTiles.path(s, t))));
    return out;
  }

  private static Bounds point(String where) throws SQLException {
    String[] p = ((String) TestSql.scalar(db, "SELECT longitude || ' ' || latitude FROM properties WHERE " + where))
        .split(" ");
    double lon = Double.parseDouble(p[0]);
    double lat = Double.parseDouble(p[1]);
    return new Bounds(lon, lat, lon, lat);
  }

  private static long listingIn(TileCoord tile) throws SQLException {
    return TestSql.count(db, "SELECT min(id) FROM properties WHERE geom && ST_Transform(ST_TileEnvelope("
        + tile.z() + ", " + tile.x() + ", " + tile.y() + "), 4326)");
  }

  /** The {@code n}th listing (by id) of the warmed z12 area, away from the center tile. */
  private static long listingNear(int n) throws SQLException {
    return TestSql.count(db, "SELECT id FROM properties WHERE geom && ST_Transform(ST_TileEnvelope(12, "
        + (center.x() >> 2) + ", " + (center.y() >> 2) + "), 4326) AND NOT geom && ST_Transform(ST_TileEnvelope("
        + "14, " + center.x() + ", " + center.y() + "), 4326) ORDER BY id OFFSET " + n + " LIMIT 1");
  }

  private static TileCoord tileOf(Bounds point) {
    return new TileCoord(14, (int) (WebMercator.x(point.west()) * 16384), (int) (WebMercator.y(point.north()) * 16384));
  }

  @Test
  void aPriceChangeReachesTheTableTheFunctionAndTheCompositeAndNothingElse() throws SQLException {
    long id = listingIn(center);
    Set<TileCoord> touched = FreshTiles.covered(List.of(point("id = " + id)), 0, 14);
    List<String> listings = List.of("properties", "properties_mvt", COMPOSITE);
    change("UPDATE price (point; table, function, composite)", "UPDATE properties SET price = price + 1 WHERE id = " + id,
        paths(listings, List.of(center)), paths(listings, touched));
  }

  @Test
  void aMovedListingChangesItsOldAndItsNewTile() throws SQLException {
    long id = listingNear(3);
    Bounds old = point("id = " + id);
    TileCoord from = tileOf(old);
    TileCoord to = new TileCoord(14, center.x() + 3, center.y() - 2);
    double lon = WebMercator.lon((to.x() + 0.5) / 16384);
    double lat = WebMercator.lat((to.y() + 0.5) / 16384);
    Set<TileCoord> touched = new HashSet<>(FreshTiles.covered(List.of(old, new Bounds(lon, lat, lon, lat)), 0, 14));
    change("move a point (old and new tile)", "UPDATE properties SET longitude = " + lon + ", latitude = " + lat
        + " WHERE id = " + id, paths(List.of("properties"), List.of(from, to)), paths(List.of("properties", "properties_mvt",
        COMPOSITE), touched));
  }

  @Test
  void aDeletedAndAnInsertedListingShowAtOnce() throws SQLException {
    long id = listingNear(7);
    TileCoord tile = tileOf(point("id = " + id));
    List<String> listings = List.of("properties", "properties_mvt", COMPOSITE);
    change("DELETE a point", "DELETE FROM properties WHERE id = " + id, paths(listings, List.of(tile)),
        paths(listings, FreshTiles.covered(List.of(point("id = " + id)), 0, 14)));
    double lon = WebMercator.lon((tile.x() + 0.25) / 16384);
    double lat = WebMercator.lat((tile.y() + 0.75) / 16384);
    change("INSERT a point", "INSERT INTO properties (external_id, latitude, longitude, price, property_type) VALUES"
        + " ('fresh-insert', " + lat + ", " + lon + ", 123456, 'condo')", paths(listings, List.of(tile)),
        paths(listings, FreshTiles.covered(List.of(new Bounds(lon, lat, lon, lat)), 0, 14)));
  }

  @Test
  void aZipPolygonEditReachesItsTilesAndTheComposite() throws SQLException {
    String zip = "5-5";
    String[] box = ((String) TestSql.scalar(db, "SELECT ST_XMin(g) || ' ' || ST_YMin(g) || ' ' || ST_XMax(g) || ' ' ||"
        + " ST_YMax(g) FROM (SELECT geom::box2d AS g FROM zip_areas WHERE zip = '" + zip + "') b")).split(" ");
    Bounds old = new Bounds(Double.parseDouble(box[0]), Double.parseDouble(box[1]), Double.parseDouble(box[2]),
        Double.parseDouble(box[3]));
    Bounds moved = new Bounds(old.west() + 0.004, old.south(), old.east() + 0.004, old.north());
    double midLon = (old.west() + old.east()) / 2;
    double midLat = (old.south() + old.north()) / 2;
    TileCoord target = new TileCoord(14, (int) (WebMercator.x(midLon) * 16384), (int) (WebMercator.y(midLat) * 16384));
    List<String> zips = List.of("zip_areas", COMPOSITE);
    change("edit a polygon (zip_areas, composite)", "UPDATE zip_areas SET geom = ST_Multi(ST_Translate(geom, 0.004, 0))"
        + " WHERE zip = '" + zip + "'", paths(zips, List.of(target)),
        paths(zips, FreshTiles.covered(List.of(old, moved), 0, 14)));
  }
}
