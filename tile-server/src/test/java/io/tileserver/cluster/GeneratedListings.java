package io.tileserver.cluster;

import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import io.tileserver.filter.FilterValue;
import io.tileserver.sample.Listing;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.tile.WebMercator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Seeded listings, the index built from them (listing {@code i} has id {@code i + 1}), the filters a
 * cluster source would declare, and a brute-force evaluation of those filters with SQL's NULL rules
 * — the oracle the engine is checked against.
 */
final class GeneratedListings {
  static final Map<String, FilterSpec> DECLARED = Map.of(
      "minPrice", spec("price", FilterOp.GE, FilterType.INT),
      "maxPrice", spec("price", FilterOp.LE, FilterType.INT),
      "beds", spec("bedrooms", FilterOp.EQ, FilterType.INT),
      "minBeds", spec("bedrooms", FilterOp.GE, FilterType.INT),
      "minBaths", spec("bathrooms", FilterOp.GE, FilterType.NUMBER),
      "minSqft", spec("sqft", FilterOp.GE, FilterType.INT),
      "maxSqft", spec("sqft", FilterOp.LT, FilterType.INT),
      "type", spec("property_type", FilterOp.IN, FilterType.TEXT),
      "status", spec("status", FilterOp.EQ, FilterType.TEXT),
      "notStatus", spec("status", FilterOp.NE, FilterType.TEXT));

  final List<Listing> listings = new ArrayList<>();
  /** Web-Mercator x and y of each listing, from its lon/lat. */
  final double[] x;
  final double[] y;
  final ClusterIndex index;

  GeneratedListings(long seed, int count) {
    new ListingGenerator(seed, count).forEachRemaining(listings::add);
    ClusterIndexBuilder builder = new ClusterIndexBuilder(ClusterColumns.properties(), count);
    for (int i = 0; i < listings.size(); i++) {
      add(builder, i + 1, listings.get(i));
    }
    index = builder.build();
    x = listings.stream().mapToDouble(l -> WebMercator.x(l.longitude())).toArray();
    y = listings.stream().mapToDouble(l -> WebMercator.y(l.latitude())).toArray();
  }

  /** Is listing {@code i} in the tile (as defined by {@link WebMercator})? */
  boolean inTile(int i, int z, long tileX, long tileY) {
    return (long) Math.floor(x[i] * (1L << z)) == tileX && (long) Math.floor(y[i] * (1L << z)) == tileY;
  }

  static void add(ClusterIndexBuilder builder, long id, Listing l) {
    builder.add(id, l.longitude(), l.latitude(),
        l.price() == null ? -1 : l.price(),
        l.bedrooms() == null ? -1 : l.bedrooms(),
        l.bathrooms() == null ? Double.NaN : l.bathrooms(),
        l.sqft() == null ? -1 : l.sqft(),
        l.propertyType(), l.status());
  }

  static FilterSpec spec(String column, FilterOp op, FilterType type) {
    return new FilterSpec(column, op, type, null, null, null, null);
  }

  static FilterSet parse(Map<String, List<String>> query) {
    return FilterSet.parse(DECLARED, query);
  }

  /** A random combination of 0–3 of the declared filters with plausible values. */
  static FilterSet randomFilters(Random random) {
    Map<String, List<String>> query = new TreeMap<>();
    int n = random.nextInt(4);
    List<String> names = new ArrayList<>(new TreeSet<>(DECLARED.keySet()));
    for (int i = 0; i < n; i++) {
      String name = names.get(random.nextInt(names.size()));
      String value = switch (name) {
        case "minPrice" -> String.valueOf(100_000 * random.nextInt(8));
        case "maxPrice" -> String.valueOf(200_000 + 100_000 * random.nextInt(15));
        case "beds", "minBeds" -> String.valueOf(random.nextInt(6));
        case "minBaths" -> String.valueOf(random.nextInt(7) / 2.0);
        case "minSqft" -> String.valueOf(400 + 250 * random.nextInt(10));
        case "maxSqft" -> String.valueOf(500 + 250 * random.nextInt(10));
        case "type" -> random.nextBoolean() ? "house,condo" : random.nextBoolean() ? "land" : "castle,townhouse";
        case "status", "notStatus" -> List.of("active", "pending", "sold").get(random.nextInt(3));
        default -> throw new IllegalStateException(name);
      };
      query.put(name, List.of(value));
    }
    return parse(query);
  }

  /** The filter as SQL would evaluate it on a listing: a NULL column fails every comparison. */
  static Predicate<Listing> predicate(FilterSet filters) {
    Predicate<Listing> all = l -> true;
    for (FilterValue v : filters.values()) {
      Function<Listing, Object> column = switch (v.spec().column()) {
        case "price" -> Listing::price;
        case "bedrooms" -> Listing::bedrooms;
        case "bathrooms" -> Listing::bathrooms;
        case "sqft" -> Listing::sqft;
        case "property_type" -> Listing::propertyType;
        case "status" -> Listing::status;
        default -> throw new IllegalStateException(v.spec().column());
      };
      Predicate<Object> test = test(v);
      all = all.and(l -> {
        Object value = column.apply(l);
        return value != null && test.test(value);
      });
    }
    return all;
  }

  private static Predicate<Object> test(FilterValue v) {
    if (v.spec().type() == FilterType.TEXT) {
      return switch (v.spec().op()) {
        case EQ -> s -> s.equals(v.value());
        case NE -> s -> !s.equals(v.value());
        case IN -> s -> v.items().contains(s);
        default -> throw new IllegalStateException(v.spec().op().symbol());
      };
    }
    double x = ((Number) v.value()).doubleValue();
    return switch (v.spec().op()) {
      case EQ -> c -> ((Number) c).doubleValue() == x;
      case LT -> c -> ((Number) c).doubleValue() < x;
      case LE -> c -> ((Number) c).doubleValue() <= x;
      case GT -> c -> ((Number) c).doubleValue() > x;
      case GE -> c -> ((Number) c).doubleValue() >= x;
      default -> throw new IllegalStateException(v.spec().op().symbol());
    };
  }

  /** The listing's tile at z, computed from lon/lat directly (not from the index's key). */
  static long tileX(Listing l, int z) {
    return (long) Math.floor(WebMercator.x(l.longitude()) * (1L << z));
  }

  static long tileY(Listing l, int z) {
    return (long) Math.floor(WebMercator.y(l.latitude()) * (1L << z));
  }
}
