package io.tileserver.cdn;

import io.tileserver.config.DatabaseUrl;
import io.tileserver.testing.ListingDatabase;
import io.tileserver.testing.Waits;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the CDN-origin tests share: a database of generated listings, the dense tile, JSON and polling. */
final class CdnFixtures {
  /** The z10 tile of central New York, where the generator puts the most listings. */
  static final String DENSE = "/tiles/properties/10/301/385.pbf";
  static final String FILTERS = """
            minPrice: {column: price, op: ">=", type: number, min: 0}
            beds: {column: bedrooms, op: ">=", type: int, min: 0, max: 50}
      """;

  private CdnFixtures() {}

  /** A fresh database with the schema and {@code rows} generated listings (seed 11). */
  static DatabaseUrl database(String purpose, int rows) throws SQLException {
    return ListingDatabase.fresh(purpose, 11, rows);
  }

  static JsonObject json(HttpResponse<byte[]> response) {
    return new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
  }

  static String header(HttpResponse<byte[]> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The {@code v} of the first tile URL of a TileJSON document. */
  static long version(JsonObject tileJson) {
    String url = tileJson.getJsonArray("tiles").getString(0);
    return Long.parseLong(url.replaceAll(".*[?&]v=([0-9]+).*", "$1"));
  }

  /** Polls {@code condition} every 20 ms until it holds, failing after {@code seconds}. */
  static void eventually(String what, double seconds, BooleanSupplier condition) {
    Waits.until(what, Duration.ofMillis((long) (seconds * 1000)), condition);
  }
}
