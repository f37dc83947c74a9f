package io.tileserver.sample;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A ZIP code of a metro with the real sales the repository carries for it: the generator puts as
 * many of the metro's listings there as the ZIP had sales, spread like those sales, priced at the
 * ZIP's level.
 *
 * @param sales sales recorded in the ZIP, its weight
 * @param medianPrice the lower median of those sales' prices
 * @param lat the mean latitude of those sales
 * @param lon the mean longitude
 * @param latSd the standard deviation of their latitudes
 * @param lonSd the standard deviation of their longitudes
 */
record ZipArea(String metro, String zip, int sales, long medianPrice, double lat, double lon, double latSd,
    double lonSd) {

  /** The bundled ZIP areas ({@code sample/metro-zips.csv}) by metro name. */
  static Map<String, List<ZipArea>> bundled() {
    return BundledCsv.rows("sample/metro-zips.csv").stream()
        .map(f -> new ZipArea(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]),
            Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7])))
        .collect(Collectors.groupingBy(ZipArea::metro));
  }
}
