package io.tileserver.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.source.file.FeatureFiles;
import io.tileserver.testing.TestData;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

class ListingGeneratorTest {
  private static final List<Geometry> STATES = UsLand.contiguousStates();
  private static final GeometryFactory POINTS = new GeometryFactory();

  /** The oracle: JTS's plain covers() over the basemap's state polygons, without the generator's grid. */
  private static boolean onLand(double lon, double lat) {
    Point point = POINTS.createPoint(new Coordinate(lon, lat));
    return STATES.stream().anyMatch(state -> state.getEnvelopeInternal().covers(point.getCoordinate()) && state.covers(point));
  }

  private static List<Listing> take(long seed, int n) {
    List<Listing> out = new ArrayList<>();
    new ListingGenerator(seed, n).forEachRemaining(out::add);
    return out;
  }

  @Test
  void theSameSeedGivesTheSameListings() {
    assertThat(take(42, 2_000)).isEqualTo(take(42, 2_000));
  }

  @Test
  void anotherSeedGivesOtherListings() {
    assertThat(take(1, 100)).doesNotContainAnyElementsOf(take(2, 100));
  }

  @Test
  void everyGeneratedListingPassesTheTableRules() {
    assertThat(take(3, 20_000)).allSatisfy(l -> assertThat(ListingRules.violation(l)).isNull());
  }

  @Test
  void pricesAreLogNormalAroundAMedianOfAbout400k() {
    long[] prices = take(4, 20_000).stream().mapToLong(Listing::price).sorted().toArray();
    assertThat(prices[prices.length / 2]).isBetween(300_000L, 550_000L);
    assertThat(prices[prices.length / 100]).isLessThan(200_000L);
    assertThat(prices[prices.length * 99 / 100]).isGreaterThan(1_000_000L);
  }

  @Test
  void mostListingsAreInAMetroAndTheRestInItsCountryside() {
    List<Listing> listings = take(5, 20_000);
    long inMetros = listings.stream().filter(l -> l.city() != null).count();
    assertThat(inMetros / 20_000.0).isBetween(0.8, 0.9);
    List<MetroArea> metros = MetroArea.bundled();
    assertThat(listings).as("no listing far from every metro, as a uniform fill of the country would put them")
        .allSatisfy(l -> assertThat(metros.stream()
            .mapToDouble(m -> Math.hypot(m.lat() - l.latitude(), m.lon() - l.longitude())).min().orElseThrow())
            .isLessThan(8.0));
    assertThat(listings.stream().map(Listing::propertyType).distinct())
        .containsExactlyInAnyOrderElementsOf(ListingRules.PROPERTY_TYPES);
    assertThat(listings.stream().map(Listing::status).distinct())
        .containsExactlyInAnyOrderElementsOf(ListingRules.STATUSES);
  }

  @Test
  void everyListingLiesInAStateOfTheContiguousUs() {
    assertThat(take(6, 5_000)).allSatisfy(l -> assertThat(onLand(l.longitude(), l.latitude()))
        .as("%s at %s,%s", l.city(), l.longitude(), l.latitude()).isTrue());
  }

  @Test
  void everyMetroCentreIsOnLandSoTheFallbackPositionIsToo() {
    UsLand land = UsLand.get();
    assertThat(MetroArea.bundled()).allSatisfy(m -> assertThat(land.contains(m.lon(), m.lat())).as(m.name()).isTrue());
  }

  @Test
  void theLandGridAgreesWithThePolygonsOnARegularLatticeOfPoints() {
    UsLand grid = UsLand.get();
    for (double lat = 24.05; lat < 49.5; lat += 0.37) {
      for (double lon = -124.95; lon < -66.5; lon += 0.41) {
        assertThat(grid.contains(lon, lat)).as("%s,%s", lon, lat).isEqualTo(onLand(lon, lat));
      }
    }
  }

  @Test
  void kingCountyListingsFallInTheZipsAsTheRealSalesDoAndArePricedLikeThem() throws Exception {
    // The oracle: the ZIP polygons of data/ and where in them the real sales of data/ lie.
    Map<String, PreparedGeometry> zips = new HashMap<>();
    FeatureFiles.read("zips", "geojson", TestData.file("king_county_zipcodes.geojson"),
        f -> zips.put(String.valueOf(f.properties().get("ZIPCODE")), PreparedGeometryFactory.prepare(f.geometry())));
    Map<String, Integer> sales = new HashMap<>();
    Map<String, List<Long>> salePrices = new HashMap<>();
    try (Reader reader = Files.newBufferedReader(TestData.file("kc_house_data.csv"), StandardCharsets.UTF_8)) {
      new KingCountyCsv(reader).forEachRemaining(row -> {
        String zip = locate(zips, row.listing());
        if (zip != null) {
          sales.merge(zip, 1, Integer::sum);
          salePrices.computeIfAbsent(zip, z -> new ArrayList<>()).add(row.listing().price());
        }
      });
    }
    List<Listing> seattle = take(7, 400_000).stream().filter(l -> "Seattle".equals(l.city())).toList();
    List<Listing> placedByZip = seattle.stream().filter(l -> l.zip() != null).toList();
    assertThat((double) placedByZip.size() / seattle.size()).as("King County's share of the metro")
        .isBetween(0.53, 0.61);

    Map<String, Integer> listings = new HashMap<>();
    Map<String, List<Long>> listingPrices = new HashMap<>();
    for (Listing l : placedByZip) {
      String zip = locate(zips, l);
      if (zip != null) {
        listings.merge(zip, 1, Integer::sum);
        listingPrices.computeIfAbsent(zip, z -> new ArrayList<>()).add(l.price());
      }
    }
    // 0.07 here; listings spread around Seattle's centre instead are 0.32 away.
    assertThat(distance(listings, sales)).as("share of listings vs share of sales, per ZIP polygon")
        .isLessThan(0.12);

    List<String> byPrice = salePrices.keySet().stream()
        .sorted(Comparator.comparingLong(z -> median(salePrices.get(z)))).toList();
    long cheap = median(pricesIn(byPrice.subList(0, 10), listingPrices));
    long dear = median(pricesIn(byPrice.subList(byPrice.size() - 10, byPrice.size()), listingPrices));
    // 1,306k against 439k here (the real sales: 832k against 260k); one price level for the metro
    // would give 1 to 1.
    assertThat(dear).as("median price in the ten dearest ZIPs of the real sales over the ten cheapest")
        .isGreaterThan(cheap * 5 / 2);
  }

  private static List<Long> pricesIn(List<String> zips, Map<String, List<Long>> prices) {
    return zips.stream().flatMap(z -> prices.getOrDefault(z, List.of()).stream()).toList();
  }

  private static String locate(Map<String, PreparedGeometry> zips, Listing l) {
    Point point = POINTS.createPoint(new Coordinate(l.longitude(), l.latitude()));
    return zips.entrySet().stream().filter(z -> z.getValue().covers(point)).map(Map.Entry::getKey).findFirst()
        .orElse(null);
  }

  /** Total variation distance between two count distributions over the same categories. */
  private static double distance(Map<String, Integer> a, Map<String, Integer> b) {
    double totalA = a.values().stream().mapToInt(Integer::intValue).sum();
    double totalB = b.values().stream().mapToInt(Integer::intValue).sum();
    double sum = 0;
    for (String key : b.keySet()) {
      sum += Math.abs(a.getOrDefault(key, 0) / totalA - b.get(key) / totalB);
    }
    return sum / 2;
  }

  private static long median(List<Long> values) {
    return values.stream().sorted().skip((values.size() - 1) / 2).findFirst().orElseThrow();
  }
}
