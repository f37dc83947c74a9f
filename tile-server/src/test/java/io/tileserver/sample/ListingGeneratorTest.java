package io.tileserver.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingGeneratorTest {
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
  void mostListingsClusterAroundMetrosAndTheRestSpreadOverTheContiguousUs() {
    List<Listing> listings = take(5, 20_000);
    long inMetros = listings.stream().filter(l -> l.city() != null).count();
    assertThat(inMetros / 20_000.0).isBetween(0.8, 0.9);
    assertThat(listings).allSatisfy(l -> {
      assertThat(l.latitude()).isBetween(18.0, 50.0);
      assertThat(l.longitude()).isBetween(-125.5, -66.0);
    });
    assertThat(listings.stream().map(Listing::propertyType).distinct())
        .containsExactlyInAnyOrderElementsOf(ListingRules.PROPERTY_TYPES);
    assertThat(listings.stream().map(Listing::status).distinct())
        .containsExactlyInAnyOrderElementsOf(ListingRules.STATUSES);
  }
}
