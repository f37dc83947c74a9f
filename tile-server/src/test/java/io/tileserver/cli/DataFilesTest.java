package io.tileserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve --data} makes of each file: listings become cluster sources, other files what they are. */
class DataFilesTest {
  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> source(Map<String, Object> sources, String id) {
    return (Map<String, Object>) sources.get(id);
  }

  @Test
  void listingsInCsvOrGeoJsonAreClustersAndOtherFilesAreServedAsTheyAre() throws IOException {
    Files.writeString(dir.resolve("sales.csv"), "lon,lat,price\n-122.3,47.6,500000\n");
    Files.writeString(dir.resolve("homes.ndjson"), """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-122.3, 47.6]}, "properties": {"Beds": 3}}
        """);
    Files.writeString(dir.resolve("places.geojson"), """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-122.3, 47.6]}, "properties": {"name": "a"}}]}
        """);
    Files.writeString(dir.resolve("lots.geojson"), """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"price": 1},
          "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
        """);
    Map<String, Object> sources = DataFiles.sources(List.of(dir.resolve("sales.csv"), dir.resolve("homes.ndjson"),
        dir.resolve("places.geojson"), dir.resolve("lots.geojson")));
    assertThat(source(sources, "sales")).containsEntry("kind", "cluster").containsKey("filters");
    assertThat(source(sources, "homes")).as("points with a listing property").containsEntry("kind", "cluster");
    assertThat(source(sources, "places")).as("points without one").doesNotContainKey("kind");
    assertThat(source(sources, "lots")).as("polygons are no listings").doesNotContainKey("kind");
  }
}
