package io.tileserver.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tileserver.testing.TestData;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetroZipsTest {

  /** The sales of data/kc_house_data.csv by ZIP, read with the loader's own reader. */
  private static Map<String, List<Listing>> salesByZip() throws Exception {
    Map<String, List<Listing>> byZip = new HashMap<>();
    try (Reader reader = Files.newBufferedReader(TestData.file("kc_house_data.csv"), StandardCharsets.UTF_8)) {
      new KingCountyCsv(reader).forEachRemaining(row -> {
        Listing sale = row.listing();
        byZip.computeIfAbsent(sale.zip(), z -> new ArrayList<>()).add(sale);
      });
    }
    return byZip;
  }

  @Test
  void theBundledSeattleZipsAreTheKingCountySalesSummedUpByZip() throws Exception {
    Map<String, List<Listing>> sales = salesByZip();
    List<ZipArea> zips = ZipArea.bundled().get("Seattle");
    assertThat(zips).extracting(ZipArea::zip).containsExactlyInAnyOrderElementsOf(sales.keySet());
    for (ZipArea zip : zips) {
      List<Listing> own = sales.get(zip.zip());
      long[] prices = own.stream().mapToLong(Listing::price).sorted().toArray();
      double[] lats = own.stream().mapToDouble(Listing::latitude).toArray();
      double[] lons = own.stream().mapToDouble(Listing::longitude).toArray();
      assertThat(zip.sales()).as(zip.zip()).isEqualTo(own.size());
      assertThat(zip.medianPrice()).as(zip.zip()).isEqualTo(prices[(prices.length - 1) / 2]);
      assertThat(zip.lat()).as(zip.zip()).isCloseTo(mean(lats), within(6e-6));
      assertThat(zip.lon()).as(zip.zip()).isCloseTo(mean(lons), within(6e-6));
      assertThat(zip.latSd()).as(zip.zip()).isCloseTo(sd(lats), within(6e-6));
      assertThat(zip.lonSd()).as(zip.zip()).isCloseTo(sd(lons), within(6e-6));
    }
  }

  @Test
  void aZipIsDrawnAsOftenAsItHadSales() {
    List<ZipArea> zips = ZipArea.bundled().get("Seattle");
    MetroZips metro = new MetroZips(zips);
    int total = zips.stream().mapToInt(ZipArea::sales).sum();
    Map<String, Integer> drawn = new HashMap<>();
    // One evenly spaced draw per sale hits every ZIP exactly as many times as it had sales.
    for (int i = 0; i < total; i++) {
      drawn.merge(metro.pick((i + 0.5) / total).zip(), 1, Integer::sum);
    }
    assertThat(zips).allSatisfy(z -> assertThat(drawn.get(z.zip())).as(z.zip()).isEqualTo(z.sales()));
  }

  @Test
  void aZipsPriceLevelIsItsMedianOverTheSalesWeightedMeanMedian() {
    ZipArea cheap = new ZipArea("M", "1", 3, 100_000, 0, 0, 0, 0);
    ZipArea dear = new ZipArea("M", "2", 1, 500_000, 0, 0, 0, 0);
    MetroZips metro = new MetroZips(List.of(cheap, dear));
    // Mean median (3 × 100k + 1 × 500k) / 4 = 200k.
    assertThat(metro.priceLevel(cheap)).isEqualTo(0.5);
    assertThat(metro.priceLevel(dear)).isEqualTo(2.5);
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  private static double sd(double[] v) {
    double m = mean(v);
    double sum = 0;
    for (double x : v) {
      sum += (x - m) * (x - m);
    }
    return Math.sqrt(sum / v.length);
  }
}
