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
import io.tileserver.source.WorkerLane;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
    TileEncoder encoder = new TileEncoder(new SimpleMeterRegistry());
    byte[] raw = tileLikeBytes(20_000);
    CachedTile tile = with(encoder, raw, Encoding.GZIP, Encoding.BROTLI);

    assertThat(encoder.brotliAvailable()).isTrue();
    assertThat(tile.encodings()).containsExactlyInAnyOrder(Encoding.IDENTITY, Encoding.GZIP, Encoding.BROTLI);
    assertThat(gunzip(tile.body(Encoding.GZIP))).isEqualTo(raw);
    assertThat(unbrotli(tile.body(Encoding.BROTLI))).isEqualTo(raw);
    assertThat(tile.body(Encoding.BROTLI).length).isLessThan(raw.length);
    assertThat(tile.body(Encoding.GZIP).length).isLessThan(raw.length);
  }

  @Test
  void aTileGetsOnlyTheVariantsAskedForAndLaterOnesKeepTheSameEtags() throws IOException {
    TileEncoder encoder = new TileEncoder(new SimpleMeterRegistry());
    byte[] raw = tileLikeBytes(20_000);
    CachedTile tile = with(encoder, raw, Encoding.GZIP);

    assertThat(tile.encodings()).containsExactlyInAnyOrder(Encoding.IDENTITY, Encoding.GZIP);
    assertThat(tile.hasMade(Encoding.BROTLI)).isFalse();
    assertThat(tile.sent(Encoding.BROTLI)).isEqualTo(Encoding.IDENTITY);
    String gzipEtag = tile.etag(Encoding.GZIP);

    encoder.withVariant(tile, Encoding.BROTLI, LANE, later()).await();

    assertThat(tile.sent(Encoding.BROTLI)).isEqualTo(Encoding.BROTLI);
    assertThat(unbrotli(tile.body(Encoding.BROTLI))).isEqualTo(raw);
    assertThat(tile.etag(Encoding.GZIP)).isEqualTo(gzipEtag);
    assertThat(tile.etag(Encoding.BROTLI)).isEqualTo(with(encoder, raw, Encoding.BROTLI).etag(Encoding.BROTLI));
  }

  @Test
  void everyEncodingHasItsOwnStrongEtagDerivedFromTheContent() {
    CachedTile tile = CachedTile.of(tileLikeBytes(4096));
    CachedTile same = CachedTile.of(tileLikeBytes(4096));
    CachedTile other = CachedTile.of(tileLikeBytes(4097));

    List<String> etags = List.of(tile.etag(Encoding.IDENTITY), tile.etag(Encoding.GZIP), tile.etag(Encoding.BROTLI));
    assertThat(etags).doesNotHaveDuplicates().allMatch(e -> e.startsWith("\"") && e.endsWith("\""));
    assertThat(same.etag(Encoding.BROTLI)).isEqualTo(tile.etag(Encoding.BROTLI));
    assertThat(other.etag(Encoding.IDENTITY)).isNotEqualTo(tile.etag(Encoding.IDENTITY));
  }

  @Test
  void withoutBrotliClientsAreOfferedGzipAndTheGaugeSaysSo() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TileEncoder encoder = new TileEncoder(false, registry);
    byte[] raw = tileLikeBytes(20_000);
    CachedTile tile = with(encoder, raw, Encoding.BROTLI, Encoding.GZIP);

    assertThat(encoder.brotliAvailable()).isFalse();
    assertThat(registry.get("tiles_brotli_available").gauge().value()).isZero();
    assertThat(encoder.negotiate("br, gzip")).isEqualTo(Encoding.GZIP);
    assertThat(tile.body(Encoding.BROTLI)).isNull();
    assertThat(gunzip(tile.body(Encoding.GZIP))).isEqualTo(raw);
  }

  @Test
  void theCodingIsNegotiatedAmongThoseTheEncoderMakes() {
    TileEncoder encoder = new TileEncoder(new SimpleMeterRegistry());

    assertThat(encoder.negotiate("gzip, deflate, br")).isEqualTo(Encoding.BROTLI);
    assertThat(encoder.negotiate("gzip")).isEqualTo(Encoding.GZIP);
    assertThat(encoder.negotiate(null)).isEqualTo(Encoding.IDENTITY);
  }

  @Test
  void tilesBelowTheMinimumSizeAreSentAsTheyAre() {
    TileEncoder encoder = new TileEncoder(new SimpleMeterRegistry());
    CachedTile tile = with(encoder, tileLikeBytes(TileEncoder.MIN_BYTES - 1), Encoding.GZIP, Encoding.BROTLI);
    CachedTile empty = with(encoder, new byte[0], Encoding.GZIP);

    assertThat(tile.hasMade(Encoding.GZIP)).isTrue();
    assertThat(tile.encodings()).containsExactly(Encoding.IDENTITY);
    assertThat(tile.sent(Encoding.GZIP)).isEqualTo(Encoding.IDENTITY);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.encodings()).containsExactly(Encoding.IDENTITY);
  }

  @Test
  void aVariantThatWouldNotBeSmallerIsDropped() {
    byte[] incompressible = new byte[4096];
    new Random(7).nextBytes(incompressible);
    CachedTile tile = with(new TileEncoder(new SimpleMeterRegistry()), incompressible, Encoding.GZIP, Encoding.BROTLI);

    assertThat(tile.encodings()).containsExactly(Encoding.IDENTITY);
    assertThat(tile.body(Encoding.IDENTITY)).isSameAs(incompressible);
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
