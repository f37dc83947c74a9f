package io.tileserver.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tileserver.http.TestServer;
import io.tileserver.mvt.DecodedTile;
import io.tileserver.mvt.MvtDecoder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CSV of listings as a cluster source, with no database: the z0 tile's clusters count every row
 * that has a position, and the filters count the rows they admit. The oracle counts the CSV rows
 * the test wrote.
 */
class ListingFileServeTest {
  private static final int ROWS = 2_000;
  private static final int WITHOUT_POSITION = 3;

  private static Path csv;
  private static TestServer server;
  private static final List<int[]> written = new ArrayList<>();

  @BeforeAll
  static void serve() throws IOException {
    csv = Files.createTempFile("listings", ".csv");
    Random random = new Random(21);
    StringBuilder text = new StringBuilder("id,price,Bedrooms,bathrooms,sqft_living,Lat,LONG\n");
    for (int i = 0; i < ROWS; i++) {
      int price = 100_000 + random.nextInt(900_000);
      int beds = 1 + random.nextInt(6);
      written.add(new int[] {price, beds});
      text.append('"').append(7000 + i % 50).append("\",").append(price).append(',').append(beds).append(",2.25,")
          .append(800 + random.nextInt(3000)).append(',')
          .append(47.2 + random.nextDouble() * 0.6).append(',').append(-122.5 + random.nextDouble() * 1.2).append('\n');
    }
    for (int i = 0; i < WITHOUT_POSITION; i++) {
      text.append("1,500000,3,1,1000,,-122.3\n");
    }
    Files.writeString(csv, text);
    server = TestServer.startWithoutDatabase("""
        server:
          port: 0
        sources:
          homes:
            kind: cluster
            file: %s
            filters:
              beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
              maxPrice: {column: price, op: "<=", type: number, min: 0}
              type: {column: property_type, op: in, type: text, values: [house, condo]}
        """.formatted(csv));
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    Files.deleteIfExists(csv);
  }

  @Test
  void theClustersAtZoomZeroCountEveryRowWithAPosition() {
    assertThat(listingsAtZoomZero("")).isEqualTo(ROWS);
  }

  @Test
  void filtersCountTheRowsTheyAdmit() {
    assertThat(listingsAtZoomZero("?beds=4")).isEqualTo(written.stream().filter(r -> r[1] >= 4).count());
    assertThat(listingsAtZoomZero("?beds=3&maxPrice=400000"))
        .isEqualTo(written.stream().filter(r -> r[1] >= 3 && r[0] <= 400_000).count());
  }

  @Test
  void rowsWithoutATypeAreHousesSoTheTypeFilterKeepsThem() {
    assertThat(listingsAtZoomZero("?type=house")).isEqualTo(ROWS);
    assertThat(server.get("/tiles/homes/0/0/0.pbf?type=condo").statusCode()).isEqualTo(204);
  }

  @Test
  void theServerIsReadyWithoutADatabase() {
    assertThat(server.get("/ready").statusCode()).isEqualTo(200);
  }

  /** Every cluster's point_count plus the single listings of the z0 tile. */
  private static long listingsAtZoomZero(String query) {
    HttpResponse<byte[]> response = server.get("/tiles/homes/0/0/0.pbf" + query);
    assertThat(response.statusCode()).isEqualTo(200);
    DecodedTile tile = new MvtDecoder().decode(response.body());
    long count = 0;
    for (DecodedTile.Feature f : tile.layers().get(0).features()) {
      count += f.attributes().get("point_count") instanceof Long n ? n : 1;
    }
    return count;
  }
}
