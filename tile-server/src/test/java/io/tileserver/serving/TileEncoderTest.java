package io.tileserver.serving;

import static io.tileserver.serving.EncodedTiles.tileLikeBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tileserver.cache.CachedTile;
import io.tileserver.cache.Encoding;
import io.tileserver.source.Deadline;
import io.tileserver.testing.Waits;
import io.tileserver.source.WorkerLane;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TileEncoderTest {
  private static final Vertx VERTX = Vertx.vertx();
  private static final WorkerLane LANE = new WorkerLane(VERTX, "compression", 1, 4, new SimpleMeterRegistry());

  @AfterAll
  static void close() {
    VERTX.close().await();
  }

  private static Deadline later() {
    return Deadline.after(System.nanoTime(), 60_000);
  }

  private static CachedTile with(TileEncoder encoder, byte[] raw, Encoding... encodings) {
    CachedTile tile = CachedTile.of(raw);
    for (Encoding encoding : encodings) {
      encoder.withVariant(tile, encoding, LANE, later()).await();
    }
    return tile;
  }

  @Test
  void theBrotliAndGzipVariantsDecodeToTheRawBytes() throws IOException {
    TileEncoder encoder = new TileEncoder(true, Encoding.BROTLI, new SimpleMeterRegistry());
    byte[] raw = tileLikeBytes(20_000);
    CachedTile tile = with(encoder, raw, Encoding.GZIP, Encoding.BROTLI);

    assertThat(encoder.brotliAvailable()).isTrue();
    assertThat(tile.encodings()).containsExactlyInAnyOrder(Encoding.IDENTITY, Encoding.GZIP, Encoding.BROTLI);
    assertThat(gunzip(tile.variant(Encoding.GZIP).body())).isEqualTo(raw);
    assertThat(unbrotli(tile.variant(Encoding.BROTLI).body())).isEqualTo(raw);
    assertThat(tile.variant(Encoding.BROTLI).body().length).isLessThan(raw.length);
    assertThat(tile.variant(Encoding.GZIP).body().length).isLessThan(raw.length);
  }

  @Test
  void aTileGetsOnlyTheVariantsAskedForFastAndTheOthersKeepTheirEtags() throws IOException {
    TileEncoder encoder = new TileEncoder(true, Encoding.BROTLI, new SimpleMeterRegistry());
    byte[] raw = tileLikeBytes(20_000);
    CachedTile tile = with(encoder, raw, Encoding.GZIP);

    assertThat(tile.encodings()).containsExactlyInAnyOrder(Encoding.IDENTITY, Encoding.GZIP);
    assertThat(tile.variant(Encoding.GZIP).effort()).isEqualTo(CachedTile.Effort.FAST);
    assertThat(tile.hasMade(Encoding.BROTLI)).isFalse();
    assertThat(tile.sent(Encoding.BROTLI).encoding()).isEqualTo(Encoding.IDENTITY);
    String gzipEtag = etag(tile, Encoding.GZIP);

    encoder.withVariant(tile, Encoding.BROTLI, LANE, later()).await();

    assertThat(tile.sent(Encoding.BROTLI).encoding()).isEqualTo(Encoding.BROTLI);
    assertThat(unbrotli(tile.variant(Encoding.BROTLI).body())).isEqualTo(raw);
    assertThat(etag(tile, Encoding.GZIP)).isEqualTo(gzipEtag);
  }

  @Test
  void anImprovedVariantIsTheBestCompressionWithAnEtagOfItsOwn() throws IOException {
    TileEncoder encoder = new TileEncoder(true, Encoding.BROTLI, new SimpleMeterRegistry());
    byte[] raw = tileLikeBytes(20_000);
    CachedTile tile = with(encoder, raw, Encoding.BROTLI);
    CachedTile.Variant fast = tile.variant(Encoding.BROTLI);

    encoder.improve(tile, Encoding.BROTLI, LANE);
    Waits.until("the brotli variant is recompressed at its best", Duration.ofSeconds(10),
        () -> tile.variant(Encoding.BROTLI).effort() == CachedTile.Effort.BEST);

    CachedTile.Variant best = tile.variant(Encoding.BROTLI);
    assertThat(unbrotli(best.body())).isEqualTo(raw);
    assertThat(best.body().length).isLessThanOrEqualTo(fast.body().length);
    assertThat(best.etag().toString()).endsWith("-br\"");
    assertThat(fast.etag().toString()).endsWith("-br1\"");
    assertThat(tile.claimImprovement(Encoding.BROTLI)).as("improved once").isFalse();
  }

  @Test
  void everyRepresentationHasItsOwnStrongEtagDerivedFromTheContent() {
    TileEncoder encoder = new TileEncoder(true, Encoding.BROTLI, new SimpleMeterRegistry());
    CachedTile tile = with(encoder, tileLikeBytes(4096), Encoding.GZIP, Encoding.BROTLI);
    CachedTile same = with(encoder, tileLikeBytes(4096), Encoding.GZIP, Encoding.BROTLI);
    CachedTile other = with(encoder, tileLikeBytes(4097), Encoding.GZIP, Encoding.BROTLI);

    List<String> etags = List.of(etag(tile, Encoding.IDENTITY), etag(tile, Encoding.GZIP), etag(tile, Encoding.BROTLI));
    assertThat(etags).doesNotHaveDuplicates().allMatch(e -> e.startsWith("\"") && e.endsWith("\""));
    assertThat(etag(same, Encoding.BROTLI)).isEqualTo(etag(tile, Encoding.BROTLI));
    assertThat(etag(other, Encoding.IDENTITY)).isNotEqualTo(etag(tile, Encoding.IDENTITY));
  }

  private static String etag(CachedTile tile, Encoding encoding) {
    return tile.variant(encoding).etag().toString();
  }

  @Test
  void withoutBrotliClientsAreOfferedGzipAndTheGaugeSaysSo() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TileEncoder encoder = new TileEncoder(false, Encoding.BROTLI, registry);
    byte[] raw = tileLikeBytes(20_000);
    CachedTile tile = with(encoder, raw, Encoding.BROTLI, Encoding.GZIP);

    assertThat(encoder.brotliAvailable()).isFalse();
    assertThat(registry.get("tiles_brotli_available").gauge().value()).isZero();
    assertThat(encoder.negotiate("br, gzip")).isEqualTo(Encoding.GZIP);
    assertThat(tile.variant(Encoding.BROTLI)).isNull();
    assertThat(gunzip(tile.variant(Encoding.GZIP).body())).isEqualTo(raw);
  }

  @Test
  void theCodingIsNegotiatedAmongThoseTheEncoderMakes() {
    TileEncoder encoder = new TileEncoder(true, Encoding.BROTLI, new SimpleMeterRegistry());

    assertThat(encoder.negotiate("gzip, deflate, br")).isEqualTo(Encoding.BROTLI);
    assertThat(encoder.negotiate("gzip")).isEqualTo(Encoding.GZIP);
    assertThat(encoder.negotiate(null)).isEqualTo(Encoding.IDENTITY);
  }

  @Test
  void tilesBelowTheMinimumSizeAreSentAsTheyAre() {
    TileEncoder encoder = new TileEncoder(true, Encoding.BROTLI, new SimpleMeterRegistry());
    CachedTile tile = with(encoder, tileLikeBytes(TileEncoder.MIN_BYTES - 1), Encoding.GZIP, Encoding.BROTLI);
    CachedTile empty = with(encoder, new byte[0], Encoding.GZIP);

    assertThat(tile.hasMade(Encoding.GZIP)).isTrue();
    assertThat(tile.encodings()).containsExactly(Encoding.IDENTITY);
    assertThat(tile.sent(Encoding.GZIP).encoding()).isEqualTo(Encoding.IDENTITY);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.encodings()).containsExactly(Encoding.IDENTITY);
  }

  @Test
  void aVariantThatWouldNotBeSmallerIsDropped() {
    byte[] incompressible = new byte[4096];
    new Random(7).nextBytes(incompressible);
    CachedTile tile = with(new TileEncoder(true, Encoding.BROTLI, new SimpleMeterRegistry()), incompressible, Encoding.GZIP, Encoding.BROTLI);

    assertThat(tile.encodings()).containsExactly(Encoding.IDENTITY);
    assertThat(tile.variant(Encoding.IDENTITY).body()).isSameAs(incompressible);
  }

  static byte[] gunzip(byte[] gzip) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }

  static byte[] unbrotli(byte[] brotli) throws IOException {
    DirectDecompress result = Decoder.decompress(brotli);
    assertThat(result.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
    return result.getDecompressedData();
  }
}
