package io.tileserver.bench.cluster;

import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterIndex;
import io.tileserver.cluster.ClusterIndexBuilder;
import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import io.tileserver.sample.Listing;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.tile.TileCoord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Seeded synthetic listings for the cluster benchmarks, and the filters and tiles they ask for. */
final class GeneratedIndex {
  static final long SEED = 7;
  /** The declared filters: the benchmark query {@code minPrice=300000&maxPrice=1000000&beds=3} and one per other column. */
  static final Map<String, FilterSpec> DECLARED = Map.of(
      "minPrice", spec("price", FilterOp.GE, FilterType.INT),
      "maxPrice", spec("price", FilterOp.LE, FilterType.INT),
      "beds", spec("bedrooms", FilterOp.EQ, FilterType.INT),
      "minBaths", spec("bathrooms", FilterOp.GE, FilterType.NUMBER),
      "minSqft", spec("sqft", FilterOp.GE, FilterType.INT),
      "maxSqft", spec("sqft", FilterOp.LE, FilterType.INT),
      "type", spec("property_type", FilterOp.IN, FilterType.TEXT),
      "status", spec("status", FilterOp.EQ, FilterType.TEXT));
  /** Midtown Manhattan: the benchmark tile at each zoom is the one holding it (dense at every zoom). */
  private static final double LON = -73.985;
  private static final double LAT = 40.758;

  private GeneratedIndex() {}

  private static FilterSpec spec(String column, FilterOp op, FilterType type) {
    return new FilterSpec(column, op, type, null, null, null, null);
  }

  static ClusterIndex build(int points) {
    ClusterIndexBuilder builder = new ClusterIndexBuilder(ClusterColumns.properties(), points);
    ListingGenerator generator = new ListingGenerator(SEED, points);
    long id = 0;
    while (generator.hasNext()) {
      add(builder, ++id, generator.next());
    }
    return builder.build().prepare();
  }

  static void add(ClusterIndexBuilder builder, long id, Listing l) {
    builder.add(id, l.longitude(), l.latitude(), l.price() == null ? -1 : l.price(),
        l.bedrooms() == null ? -1 : l.bedrooms(), l.bathrooms() == null ? Double.NaN : l.bathrooms(),
        l.sqft() == null ? -1 : l.sqft(), l.propertyType(), l.status());
  }

  /** {@code none} or a query string such as {@code minPrice=300000&beds=3}. */
  static FilterSet filters(String query) {
    if (query.equals("none")) {
      return FilterSet.NONE;
    }
    Map<String, List<String>> parsed = Arrays.stream(query.split("&"))
        .map(p -> p.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> List.of(kv[1])));
    return FilterSet.parse(DECLARED, parsed);
  }

  static TileCoord tile(int zoom) {
    double n = 1L << zoom;
    double x = (LON + 180) / 360;
    double y = 0.5 - Math.log(Math.tan(Math.PI / 4 + Math.toRadians(LAT) / 2)) / (2 * Math.PI);
    return new TileCoord(zoom, (int) Math.floor(x * n), (int) Math.floor(y * n));
  }
}
