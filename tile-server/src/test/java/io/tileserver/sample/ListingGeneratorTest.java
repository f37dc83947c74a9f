package io.tileserver.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

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
}
