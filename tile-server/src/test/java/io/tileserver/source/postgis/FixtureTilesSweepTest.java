package io.tileserver.source.postgis;

import static io.tileserver.source.postgis.FixtureDatabase.unhurried;
import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.filter.FilterSet;
import io.tileserver.source.TileSource;
import io.tileserver.testing.Waits;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No legal data makes a failing tile: every source discovered from every fixture (curves, surfaces,
 * geography, SRID 0, projected SRIDs, odd names, views, feature-id rules, every function form, in
 * every schema) answers the tiles over
 * its data's corners and centre at every zoom from 0 to 14. A source failure is what the HTTP layer
 * answers 500; the slow and napping fixtures, whose point is to time out, are left out.
 */
class FixtureTilesSweepTest {
  private static final Duration WAIT = Duration.ofMinutes(1);
  private static FixtureDatabase db;
  private static List<TileSource> sources;

  @BeforeAll
  static void load() {
    db = FixtureDatabase.create("sweep", "points", "polygons", "lines", "quoted_names", "mercator", "utm", "matview",
        "functions", "empty", "discovery_edge_cases", "antimeridian", "filter_listings", "legal_geometries",
        "geography", "record_functions", "feature_ids", "odd_names");
    db.execute("INSERT INTO no_srid VALUES (1, 'POINT(-122.335 47.613)'), (2, 'SRID=4326;POINT(-122.334 47.612)')");
    sources = db.discover("""
        database:
          url: ${DB}
          default-srid: 4326
          auto-publish: {schemas: ["*"]}
        """);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void everySourceAnswersEveryZoomOverItsData() {
    assertThat(sources).hasSizeGreaterThan(20);
    List<String> failures = new ArrayList<>();
    int tiles = 0;
    for (TileSource source : sources) {
      for (int z = 0; z <= 14; z++) {
        for (TileCoord coord : around(source.info().bounds(), z)) {
          tiles++;
          try {
            Waits.await(source.id() + " " + coord, WAIT, source.getTile(coord, FilterSet.NONE, unhurried()));
          } catch (RuntimeException e) {
            failures.add(source.id() + " " + coord + ": " + e.getMessage());
          }
        }
      }
    }
    LoggerFactory.getLogger(FixtureTilesSweepTest.class).info("swept {} tiles of {} sources", tiles, sources.size());
    assertThat(failures).as("of %d tiles", tiles).isEmpty();
  }

  /** The tiles at zoom {@code z} holding the corners and the centre of {@code bounds}. */
  private static Set<TileCoord> around(Bounds bounds, int z) {
    double[][] points = {{bounds.west(), bounds.south()}, {bounds.west(), bounds.north()},
        {bounds.east(), bounds.south()}, {bounds.east(), bounds.north()},
        {(bounds.west() + bounds.east()) / 2, (bounds.south() + bounds.north()) / 2}};
    Set<TileCoord> coords = new LinkedHashSet<>();
    int n = 1 << z;
    for (double[] p : points) {
      double lat = Math.max(-WebMercator.MAX_LATITUDE, Math.min(WebMercator.MAX_LATITUDE, p[1]));
      int x = (int) Math.min(n - 1, Math.max(0, Math.floor(WebMercator.x(p[0]) * n)));
      int y = (int) Math.min(n - 1, Math.max(0, Math.floor(WebMercator.y(lat) * n)));
      coords.add(new TileCoord(z, x, y));
    }
    return coords;
  }
}
