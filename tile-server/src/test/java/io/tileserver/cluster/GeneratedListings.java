package io.tileserver.cluster;

import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterSpec;
import io.tileserver.filter.FilterType;
import io.tileserver.filter.FilterValue;
import io.tileserver.sample.Listing;
import io.tileserver.sample.ListingGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

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
      "maxSqft", spec("sqft", FilterOp.LT, FilterType.INT),
      "type", spec("property_type", FilterOp.IN, FilterType.TEXT),
      "status", spec("status", FilterOp.EQ, FilterType.TEXT),
      "notStatus", spec("status", FilterOp.NE, FilterType.TEXT));

  final List<Listing> listings = new ArrayList<>();
  final ClusterIndex index;

  GeneratedListings(long seed, int count) {
    new ListingGenerator(seed, count).forEachRemaining(listings::add);
    ClusterIndexBuilder builder = new ClusterIndexBuilder(ClusterColumns.properties(), count);
    for (int i = 0; i < listings.size(); i++) {
      add(builder, i + 1, listings.get(i));
    }
    index = builder.build();
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
        case "maxSqft" -> String.valueOf(500 + 250 * random.nextInt(10));
        case "type" -> random.nextBoolean() ? "house,condo" : random.nextBoolean() ? "land" : "castle,townhouse";
        case "status", "notStatus" -> List.of("active", "pending", "sold").get(random.nextInt(3));
        default -> throw new IllegalStateException(name);
      };
      query.put(name, List.of(value));
    }
    return parse(query);
  }

  /** The filter as SQL would evaluate it on the listing: a NULL column fails every comparison. */
  static boolean matches(Listing l, FilterSet filters) {
    for (FilterValue v : filters.values()) {
      Object column = switch (v.spec().column()) {
        case "price" -> l.price();
        case "bedrooms" -> l.bedrooms();
        case "bathrooms" -> l.bathrooms();
        case "sqft" -> l.sqft();
        case "property_type" -> l.propertyType();
        case "status" -> l.status();
        default -> throw new IllegalStateException(v.spec().column());
      };
      if (column == null || !test(column, v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean test(Object column, FilterValue v) {
    if (column instanceof String s) {
      return switch (v.spec().op()) {
        case EQ -> s.equals(v.value());
        case NE -> !s.equals(v.value());
        case IN -> v.items().contains(s);
        default -> throw new IllegalStateException(v.spec().op().symbol());
      };
    }
    double c = ((Number) column).doubleValue();
    double x = ((Number) v.value()).doubleValue();
    return switch (v.spec().op()) {
      case EQ -> c == x;
      case LT -> c < x;
      case LE -> c <= x;
      case GT -> c > x;
      case GE -> c >= x;
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
