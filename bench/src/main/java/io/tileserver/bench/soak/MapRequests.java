package io.tileserver.bench.soak;

import io.tileserver.tile.WebMercator;
import java.util.List;
import java.util.Random;

/**
 * Tile paths the way map users ask for them: near where the listings are, mostly clusters at
 * city-to-region zooms, listing points and the composite when zoomed in, and a filter in half of
 * them drawn from a finite menu (so the edge sees the repeats a real map's users make).
 */
final class MapRequests {
  private static final String[] FILTERS = {
    "minPrice=100000", "minPrice=300000", "minPrice=500000", "maxPrice=400000", "maxPrice=800000",
    "beds=2", "beds=3", "beds=4", "baths=2", "baths=3", "type=house", "type=condo",
    "type=house,townhouse", "status=active", "status=pending", "minPrice=200000&maxPrice=600000&beds=3",
  };

  private final List<double[]> centres;
  private final Random random;

  /** {@code centres}: lon/lat pairs of listings, so requests fall where the data is. */
  MapRequests(List<double[]> centres, Random random) {
    this.centres = centres;
    this.random = random;
  }

  String next() {
    int pick = random.nextInt(100);
    if (pick < 55) {
      return tile("listings", 3 + random.nextInt(11));
    } else if (pick < 85) {
      return tile("properties", 12 + random.nextInt(4));
    } else if (pick < 95) {
      return tile(null, 10 + random.nextInt(4));
    }
    return tile("properties_mvt", 12 + random.nextInt(4));
  }

  /** A tile at {@code zoom} around a listing, one tile of jitter either way (a viewport's edge). */
  private String tile(String source, int zoom) {
    double[] centre = centres.get(random.nextInt(centres.size()));
    int n = 1 << zoom;
    int x = clamp((int) (WebMercator.x(centre[0]) * n) + random.nextInt(3) - 1, n);
    int y = clamp((int) (WebMercator.y(centre[1]) * n) + random.nextInt(3) - 1, n);
    String path = (source == null ? "/tiles/" : "/tiles/" + source + "/") + zoom + "/" + x + "/" + y + ".pbf";
    // The composite takes no filters: they belong to one source each.
    return source == null || random.nextBoolean() ? path : path + "?" + FILTERS[random.nextInt(FILTERS.length)];
  }

  private static int clamp(int value, int n) {
    return Math.max(0, Math.min(n - 1, value));
  }
}
