package io.tileserver.sample;

import java.util.List;

/** The ZIP areas of one metro, drawn in proportion to their sales. */
final class MetroZips {
  private final List<ZipArea> zips;
  private final long[] cumulativeSales;
  /** The sales-weighted mean of the ZIPs' median prices: a ZIP's price level is its median over this. */
  private final double meanMedian;

  MetroZips(List<ZipArea> zips) {
    this.zips = List.copyOf(zips);
    cumulativeSales = new long[zips.size()];
    long sales = 0;
    double weighted = 0;
    for (int i = 0; i < zips.size(); i++) {
      sales += zips.get(i).sales();
      weighted += (double) zips.get(i).sales() * zips.get(i).medianPrice();
      cumulativeSales[i] = sales;
    }
    meanMedian = sales == 0 ? 0 : weighted / sales;
  }

  boolean isEmpty() {
    return zips.isEmpty();
  }

  /** The ZIP a uniform draw {@code r} in [0, 1) falls on, each ZIP as likely as its share of the sales. */
  ZipArea pick(double r) {
    long target = (long) (r * cumulativeSales[cumulativeSales.length - 1]);
    for (int i = 0; i < cumulativeSales.length; i++) {
      if (target < cumulativeSales[i]) {
        return zips.get(i);
      }
    }
    return zips.get(zips.size() - 1);
  }

  /** How much dearer than the metro's typical ZIP {@code zip} is (1 for a typical one). */
  double priceLevel(ZipArea zip) {
    return zip.medianPrice() / meanMedian;
  }
}
