package io.tileserver.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A US metro centre the sample generator scatters listings around. */
record MetroArea(String name, String state, double lat, double lon, double populationMillions, double priceFactor) {

  /** The bundled list ({@code sample/us-metros.csv}). */
  static List<MetroArea> bundled() {
    var in = MetroArea.class.getResourceAsStream("/sample/us-metros.csv");
    if (in == null) {
      throw new IllegalStateException("sample/us-metros.csv is missing from the classpath");
    }
    List<MetroArea> metros = new ArrayList<>();
    try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",");
        metros.add(
            new MetroArea(
                f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(metros);
  }
}
