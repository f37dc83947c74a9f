package io.tileserver.cluster;

/**
 * Per block of {@value #BLOCK} rows of a main index, what {@link ListingStats} counts: rows per type,
 * status and bedrooms, per {@link PriceEdges} bucket, per {@link CoarseBuckets} bucket of price and
 * of price per sqft, and the price extremes. An unfiltered stats scan then takes a whole block in
 * a few hundred additions instead of reading its rows, and its second scan keeps a block's values
 * only where the block holds a wanted bucket's values. About 0.06 bytes a point.
 *
 * <p>The price edges are fixed for a source: a merged main is tallied with its predecessor's edges,
 * so the histogram stays put while the data changes. The coarse buckets are each index's own.
 */
final class BlockTallies {
  static final int BLOCK_BITS = 13;
  static final int BLOCK = 1 << BLOCK_BITS;
  /** Coarse buckets of price (about 0.8% of the prices each) and of price per sqft (1.6%). */
  private static final int PRICE_BUCKETS = 128;
  private static final int RATIO_BUCKETS = 64;

  private final PriceEdges edges;
  private final CoarseBuckets priceBuckets;
  private final CoarseBuckets ratioBuckets;
  private final int statusAt;
  private final int bedroomAt;
  private final int histogramAt;
  private final int priceAt;
  private final int ratioAt;
  private final int stride;
  /** Per block, {@link #stride} counts: types, statuses, bedrooms, histogram, price, price per sqft. */
  private final char[] counts;
  /** Per block, the least and greatest price (MAX_VALUE and -1 when none has a price). */
  private final int[] minPrice;
  private final int[] maxPrice;

  BlockTallies(ClusterIndex index, PriceEdges edges) {
    this.edges = edges;
    int size = index.size;
    long[] fine = new long[BucketSelect.BUCKETS];
    long[] fineRatio = new long[BucketSelect.BUCKETS];
    int maxBedrooms = -1;
    for (int row = 0; row < size; row++) {
      int price = index.prices[row];
      if (price >= 0) {
        fine[BucketSelect.bucket(price)]++;
        int sqft = index.sqfts[row];
        if (sqft > 0) {
          fineRatio[BucketSelect.bucket((double) price / sqft)]++;
        }
      }
      maxBedrooms = Math.max(maxBedrooms, index.bedrooms[row]);
    }
    priceBuckets = CoarseBuckets.of(fine, PRICE_BUCKETS);
    ratioBuckets = CoarseBuckets.of(fineRatio, RATIO_BUCKETS);
    statusAt = index.dictionary(ClusterAttribute.PROPERTY_TYPE).size();
    bedroomAt = statusAt + index.dictionary(ClusterAttribute.STATUS).size();
    histogramAt = bedroomAt + maxBedrooms + 1;
    priceAt = histogramAt + edges.buckets();
    ratioAt = priceAt + priceBuckets.size();
    stride = ratioAt + ratioBuckets.size();
    int blocks = size >>> BLOCK_BITS;
    counts = new char[blocks * stride];
    minPrice = new int[blocks];
    maxPrice = new int[blocks];
    for (int b = 0; b < blocks; b++) {
      int at = b * stride;
      int min = Integer.MAX_VALUE;
      int max = -1;
      for (int row = b << BLOCK_BITS, end = row + BLOCK; row < end; row++) {
        // Code 255 (NULL) and NULL bedrooms (-1) are counted nowhere, as the stats do.
        int type = index.types[row] & 0xFF;
        int status = index.statuses[row] & 0xFF;
        int beds = index.bedrooms[row];
        if (type < statusAt) {
          counts[at + type]++;
        }
        if (status < bedroomAt - statusAt) {
          counts[at + statusAt + status]++;
        }
        if (beds >= 0) {
          counts[at + bedroomAt + beds]++;
        }
        int price = index.prices[row];
        if (price < 0) {
          continue;
        }
        min = Math.min(min, price);
        max = Math.max(max, price);
        counts[at + histogramAt + edges.bucket(price)]++;
        counts[at + priceAt + priceBuckets.of(BucketSelect.bucket(price))]++;
        int sqft = index.sqfts[row];
        if (sqft > 0) {
          counts[at + ratioAt + ratioBuckets.of(BucketSelect.bucket((double) price / sqft))]++;
        }
      }
      minPrice[b] = min;
      maxPrice[b] = max;
    }
  }

  PriceEdges edges() {
    return edges;
  }

  /** Whole blocks tallied: the index's rows but the last partial block. */
  int blocks() {
    return minPrice.length;
  }

  CoarseBuckets priceBuckets() {
    return priceBuckets;
  }

  CoarseBuckets ratioBuckets() {
    return ratioBuckets;
  }

  /** Adds block {@code b}'s counts per type, status and bedrooms and its histogram to those arrays. */
  void addCategories(int b, long[] types, long[] statuses, long[] bedrooms, long[] histogram) {
    int at = b * stride;
    for (int i = 0; i < statusAt; i++) {
      types[i] += counts[at + i];
    }
    for (int i = statusAt; i < bedroomAt; i++) {
      statuses[i - statusAt] += counts[at + i];
    }
    for (int i = bedroomAt; i < histogramAt; i++) {
      bedrooms[i - bedroomAt] += counts[at + i];
    }
    for (int i = histogramAt; i < priceAt; i++) {
      histogram[i - histogramAt] += counts[at + i];
    }
  }

  /** Counts block {@code b}'s prices and prices per sqft into the selections by coarse bucket. */
  void addValues(int b, BucketSelect prices, BucketSelect perSqft) {
    int at = b * stride;
    for (int c = 0; c < priceBuckets.size(); c++) {
      int n = counts[at + priceAt + c];
      if (n > 0) {
        prices.countCoarse(priceBuckets, c, n);
      }
    }
    for (int c = 0; c < ratioBuckets.size(); c++) {
      int n = counts[at + ratioAt + c];
      if (n > 0) {
        perSqft.countCoarse(ratioBuckets, c, n);
      }
    }
  }

  /** Block {@code b}'s prices in coarse price bucket {@code c}. */
  int prices(int b, int c) {
    return counts[b * stride + priceAt + c];
  }

  /** Block {@code b}'s prices per sqft in coarse bucket {@code c}. */
  int ratios(int b, int c) {
    return counts[b * stride + ratioAt + c];
  }

  /** Block {@code b}'s least price, MAX_VALUE when none has one. */
  int minPrice(int b) {
    return minPrice[b];
  }

  /** Block {@code b}'s greatest price, -1 when none has one. */
  int maxPrice(int b) {
    return maxPrice[b];
  }

  long bytes() {
    return 2L * counts.length + 8L * minPrice.length + priceBuckets.bytes() + ratioBuckets.bytes();
  }
}
