package io.tileserver.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A US metro centre the sample generator scatters listings around.
 *
 * @param zipShare the share of the metro's listings placed by its {@code zips} instead of around its
 *     centre: the part of the metro's population those ZIPs cover
 */
record MetroArea(String name, String state, double lat, double lon, double populationMillions, double priceFactor,
    double zipShare, MetroZips zips) {

  /** The bundled list ({@code sample/us-metros.csv}) with their ZIP areas ({@code sample/metro-zips.csv}). */
  static List<MetroArea> bundled() {
    Map<String, List<ZipArea>> zips = ZipArea.bundled();
    List<MetroArea> metros = new ArrayList<>();
    for (String[] f : BundledCsv.rows("sample/us-metros.csv")) {
      double zipShare = f.length > 6 ? Double.parseDouble(f[6]) : 0;
      MetroZips own = new MetroZips(zips.getOrDefault(f[0], List.of()));
      if (zipShare > 0 && own.isEmpty()) {
        throw new IllegalStateException(
            "sample/us-metros.csv gives " + f[0] + " a zip_share but metro-zips.csv has no ZIP of it");
      }
      metros.add(new MetroArea(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
          Double.parseDouble(f[4]), Double.parseDouble(f[5]), zipShare, own));
    }
    return List.copyOf(metros);
  }
}
