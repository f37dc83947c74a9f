package io.tileserver.cdn;

import static io.tileserver.cdn.CdnFixtures.DENSE;
import static io.tileserver.cdn.CdnFixtures.header;
import static io.tileserver.cdn.CdnFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import io.tileserver.http.TestServer;
import io.tileserver.tile.TileCoord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The origin behind the real nginx edge of deploy/cdn: caching, versions, validators and encodings. */
class EdgeTest {
  private static TestServer server;
  private static Edge edge;

  @BeforeAll
  static void start() throws SQLException {
    server = TestServer.start(CdnFixtures.database("cdn_edge", 20_000), """
        server:
          port: 0
          cache-control: "public, max-age=300"
        database:
          url: ${DATABASE_URL}
          pool-size: 4
        sources:
          properties: {}
        """);
    edge = Edge.start(server.app().port());
  }

  @AfterAll
  static void stop() {
    if (edge != null) {
      edge.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theFirstRequestMissesAndTheSecondHits() {
    HttpResponse<byte[]> first = edge.get("/tiles/properties/10/300/385.pbf");
    HttpResponse<byte[]> second = edge.get("/tiles/properties/10/300/385.pbf");
    assertThat(header(first, "X-Cache-Status")).isEqualTo("MISS");
    assertThat(header(second, "X-Cache-Status")).isEqualTo("HIT");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(header(second, "Cache-Control")).isEqualTo("public, max-age=300");
    assertThat(header(second, "Surrogate-Key")).isEqualTo("src:properties tile:properties/10/300/385");
  }

  @Test
  void aDataChangeMakesTheVersionedTileJsonNameNewUrlsThatMissOnceThenHit() {
    String before = json(edge.get("/tiles/properties.json")).getJsonArray("tiles").getString(0)
        .replace("{z}/{x}/{y}", "10/301/385");
    assertThat(before).startsWith(edge.base());
    assertThat(header(edge.get(before), "X-Cache-Status")).isEqualTo("MISS");
    HttpResponse<byte[]> cached = edge.get(before);
    assertThat(header(cached, "X-Cache-Status")).isEqualTo("HIT");
    assertThat(header(cached, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");

    server.app().server().invalidator().invalidateTiles("properties", List.of(new TileCoord(10, 301, 385))).await();

    String after = json(edge.get("/tiles/properties.json")).getJsonArray("tiles").getString(0)
        .replace("{z}/{x}/{y}", "10/301/385");
    assertThat(after).isNotEqualTo(before);
    HttpResponse<byte[]> fresh = edge.get(after);
    assertThat(header(fresh, "X-Cache-Status")).isEqualTo("MISS");
    assertThat(header(fresh, "X-Cache")).as("the origin rebuilt the changed tile").isEqualTo("MISS");
    assertThat(header(edge.get(after), "X-Cache-Status")).isEqualTo("HIT");
  }

  @Test
  void ifNoneMatchIsAnswered304PerEncoding() {
    for (String encoding : List.of("gzip", "br", "identity")) {
      HttpResponse<byte[]> full = edge.get(DENSE, "Accept-Encoding", encoding);
      String etag = header(full, "ETag");
      assertThat(edge.get(DENSE, "Accept-Encoding", encoding, "If-None-Match", etag).statusCode())
          .as(encoding).isEqualTo(304);
      String other = encoding.equals("gzip") ? "br" : "gzip";
      assertThat(edge.get(DENSE, "Accept-Encoding", other, "If-None-Match", etag).statusCode())
          .as("%s's ETag does not validate %s", encoding, other).isEqualTo(200);
    }
  }

  @Test
  void gzipAndBrotliClientsNeverReceiveEachOthersBytes() throws IOException {
    Brotli4jLoader.ensureAvailability();
    String tile = "/tiles/properties/11/602/770.pbf";
    byte[] raw = server.get(tile).body();
    for (int round = 0; round < 2; round++) {
      HttpResponse<byte[]> br = edge.get(tile, "Accept-Encoding", "br, gzip;q=0.9");
      HttpResponse<byte[]> gzip = edge.get(tile, "Accept-Encoding", "gzip, deflate");
      HttpResponse<byte[]> plain = edge.get(tile);
      HttpResponse<byte[]> noBrotli = edge.get(tile, "Accept-Encoding", "gzip, br;q=0");
      assertThat(header(br, "Content-Encoding")).isEqualTo("br");
      assertThat(Decoder.decompress(br.body()).getDecompressedData()).isEqualTo(raw);
      for (HttpResponse<byte[]> gz : List.of(gzip, noBrotli)) {
        assertThat(header(gz, "Content-Encoding")).isEqualTo("gzip");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
          assertThat(in.readAllBytes()).isEqualTo(raw);
        }
      }
      assertThat(header(plain, "Content-Encoding")).isNull();
      assertThat(plain.body()).isEqualTo(raw);
      if (round == 1) {
        assertThat(List.of(br, gzip, plain, noBrotli)).allSatisfy(r -> assertThat(header(r, "X-Cache-Status")).isEqualTo("HIT"));
      }
    }
  }

  @Test
  void theAdminApiIsNotExposedAtTheEdge() {
    assertThat(edge.get("/admin/cache").statusCode()).isEqualTo(404);
  }
}
