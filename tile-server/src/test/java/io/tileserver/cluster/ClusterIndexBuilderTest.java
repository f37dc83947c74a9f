package io.tileserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.sample.Listing;
import org.junit.jupiter.api.Test;

class ClusterIndexBuilderTest {
  private static final ClusterColumns COLUMNS = ClusterColumns.properties();

  @Test
  void rowsComeOutSortedByKeyWithEveryColumnFollowingItsRow() {
    GeneratedListings data = new GeneratedListings(21, 30_000);
    ClusterIndex index = data.index;
    assertThat(index.size()).isEqualTo(30_000);
    for (int row = 0; row < index.size(); row++) {
      if (row > 0) {
        assertThat(index.key(row)).isGreaterThanOrEqualTo(index.key(row - 1));
      }
      Listing l = data.listings.get((int) index.id(row) - 1);
      ClusterRow decoded = index.row(row);
      assertThat(index.key(row)).isEqualTo(MortonKey.of(l.longitude(), l.latitude()));
      assertThat(decoded.price()).isEqualTo(l.price());
      assertThat(decoded.bedrooms()).isEqualTo(l.bedrooms());
      assertThat(decoded.bathrooms()).isEqualTo(l.bathrooms().doubleValue());
      assertThat(decoded.sqft()).isEqualTo(l.sqft());
      assertThat(decoded.propertyType()).isEqualTo(l.propertyType());
      assertThat(decoded.status()).isEqualTo(l.status());
      assertThat(decoded.lon()).isCloseTo(l.longitude(), within(1e-6));
      assertThat(decoded.lat()).isCloseTo(l.latitude(), within(1e-6));
    }
  }

  @Test
  void aPointCostsAtMost32BytesOfHeap() {
    GeneratedListings data = new GeneratedListings(22, 100_000);
    assertThat((double) data.index.memoryBytes() / data.index.size()).isLessThanOrEqualTo(32.0);
  }

  @Test
  void nullAttributesStayNullAndMatchNoComparison() {
    ClusterIndexBuilder builder = new ClusterIndexBuilder(COLUMNS, 0);
    builder.add(7, -122.3, 47.6, -1, -1, Double.NaN, -1, null, null);
    ClusterIndex index = builder.build();
    assertThat(index.row(0)).isEqualTo(new ClusterRow(7, index.lon(0), index.lat(0), null, null, null, null, null, null));
    assertThat(index.row(0).attributes(COLUMNS)).containsOnlyKeys("id");
  }

  @Test
  void pricesBeyondTheIntRangeAreClampedAndCounted() {
    ClusterIndexBuilder builder = new ClusterIndexBuilder(COLUMNS, 0);
    builder.add(1, 0, 0, 5_000_000_000L, 3, 2, 1000, "house", "active");
    builder.add(2, 0, 0, 2_000_000_000L, 3, 2, 1000, "house", "active");
    assertThat(builder.clampedPrices()).isEqualTo(1);
    ClusterIndex index = builder.build();
    assertThat(index.row(0).price()).isEqualTo(Integer.MAX_VALUE - 1L);
    assertThat(index.row(1).price()).isEqualTo(2_000_000_000L);
  }

  @Test
  void bathroomsAreKeptToTheNearestHalf() {
    ClusterIndexBuilder builder = new ClusterIndexBuilder(COLUMNS, 0);
    builder.add(1, 0, 0, 1, 1, 2.5, 1, "house", "active");
    builder.add(2, 0, 0, 1, 1, 1.2, 1, "house", "active");
    ClusterIndex index = builder.build();
    assertThat(index.row(0).bathrooms()).isEqualTo(2.5);
    assertThat(index.row(1).bathrooms()).isEqualTo(1.0);
  }

  @Test
  void theBuilderGrowsPastItsExpectedSize() {
    ClusterIndexBuilder builder = new ClusterIndexBuilder(COLUMNS, 10);
    for (int i = 0; i < 5_000; i++) {
      builder.add(i, -100 + i * 0.001, 40, i, 1, 1, 1, "house", "sold");
    }
    ClusterIndex index = builder.build();
    assertThat(index.size()).isEqualTo(5_000);
    assertThat(index.row(0).id()).isEqualTo(0);
    assertThat(index.row(4_999).id()).isEqualTo(4_999);
  }
}
