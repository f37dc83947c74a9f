package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

  /** Tile-like bytes: repeated structure with varying numbers, as MVT features are. */
  static byte[] tileLikeBytes(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i % 7 == 0 ? 0x12 : (i * 31 / 7) % 97);
    }
    return bytes;
  }

  @Test
  void theBrotliAndGzipVariantsDecodeToTheRawBytes() throws IOException {
    TileEncoder encoder = new TileEncoder(new SimpleMeterRegistry());
    byte[] raw = tileLikeBytes(20_000);

    CachedTile tile = encoder.encode(raw, LANE, later()).await();

    assertThat(encoder.brotliAvailable()).isTrue();
    assertThat(tile.encodings()).containsExactlyInAnyOrder(Encoding.IDENTITY, Encoding.GZIP, Encoding.BROTLI);
    assertThat(gunzip(tile.gzip())).isEqualTo(raw);
    assertThat(unbrotli(tile.brotli())).isEqualTo(raw);
    assertThat(tile.brotli().length).isLessThan(raw.length);
    assertThat(tile.gzip().length).isLessThan(raw.length);
  }

  @Test
  void aTileForOneClientCarriesOnlyThatClientsVariantWithTheSameEtags() throws IOException {
    TileEncoder encoder = new TileEncoder(new SimpleMeterRegistry());
    byte[] raw = tileLikeBytes(20_000);
    CachedTile full = encoder.encode(raw, LANE, later()).await();

    CachedTile gzipOnly = encoder.encode(raw, Encoding.GZIP, LANE, later()).await();
    CachedTile brotliOnly = encoder.encode(raw, Encoding.BROTLI, LANE, later()).await();
    CachedTile identityOnly = encoder.encode(raw, Encoding.IDENTITY, LANE, later()).await();

    assertThat(gzipOnly.encodings()).containsExactlyInAnyOrder(Encoding.IDENTITY, Encoding.GZIP);
    assertThat(gunzip(gzipOnly.gzip())).isEqualTo(raw);
    assertThat(brotliOnly.encodings()).containsExactlyInAnyOrder(Encoding.IDENTITY, Encoding.BROTLI);
    assertThat(unbrotli(brotliOnly.brotli())).isEqualTo(raw);
    assertThat(identityOnly.encodings()).containsExactly(Encoding.IDENTITY);
    assertThat(gzipOnly.etag(Encoding.GZIP)).isEqualTo(full.etag(Encoding.GZIP));
    assertThat(brotliOnly.etag(Encoding.BROTLI)).isEqualTo(full.etag(Encoding.BROTLI));
  }

  @Test
  void everyEncodingHasItsOwnStrongEtagDerivedFromTheContent() {
    TileEncoder encoder = new TileEncoder(new SimpleMeterRegistry());
    CachedTile tile = encoder.encode(tileLikeBytes(4096), LANE, later()).await();
    CachedTile same = encoder.encode(tileLikeBytes(4096), LANE, later()).await();
    CachedTile other = encoder.encode(tileLikeBytes(4097), LANE, later()).await();

    List<String> etags = List.of(tile.etag(Encoding.IDENTITY), tile.etag(Encoding.GZIP), tile.etag(Encoding.BROTLI));
    assertThat(etags).doesNotHaveDuplicates().allMatch(e -> e.startsWith("\"") && e.endsWith("\"") && !e.startsWith("W/"));
    assertThat(tile.etag(false)).isEqualTo(tile.etag(Encoding.IDENTITY));
    assertThat(tile.etag(true)).isEqualTo(tile.etag(Encoding.GZIP));
    assertThat(same.etag(Encoding.BROTLI)).isEqualTo(tile.etag(Encoding.BROTLI));
    assertThat(other.etag(Encoding.IDENTITY)).isNotEqualTo(tile.etag(Encoding.IDENTITY));
  }

  @Test
  void withoutBrotliTilesCarryGzipAndIdentityAndTheGaugeSaysSo() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TileEncoder encoder = new TileEncoder(false, registry);
    byte[] raw = tileLikeBytes(8000);

    CachedTile tile = encoder.encode(raw, LANE, later()).await();

    assertThat(encoder.brotliAvailable()).isFalse();
    assertThat(registry.get("tiles_brotli_available").gauge().value()).isZero();
    assertThat(tile.brotli()).isNull();
    assertThat(tile.encodings()).containsExactlyInAnyOrder(Encoding.IDENTITY, Encoding.GZIP);
    assertThat(gunzip(tile.gzip())).isEqualTo(raw);
    assertThat(EncodingNegotiation.choose("br, gzip", tile)).isEqualTo(Encoding.GZIP);
  }

  @Test
  void tilesBelowTheMinimumSizeGetNoVariants() {
    TileEncoder encoder = new TileEncoder(new SimpleMeterRegistry());
    CachedTile tile = encoder.encode(tileLikeBytes(TileEncoder.MIN_BYTES - 1), LANE, later()).await();
    CachedTile empty = encoder.encode(new byte[0], LANE, later()).await();

    assertThat(tile.encodings()).containsExactly(Encoding.IDENTITY);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.encodings()).containsExactly(Encoding.IDENTITY);
  }

  @Test
  void aVariantThatWouldNotBeSmallerIsDropped() {
    byte[] incompressible = new byte[4096];
    new Random(7).nextBytes(incompressible);
    CachedTile tile = new TileEncoder(new SimpleMeterRegistry()).encodeNow(incompressible);

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
