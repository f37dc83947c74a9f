package io.tileserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TileEnvelopeTest {
  @Test
  void everyEncodingTheEtagAndTheVersionSurviveARoundTrip() {
    CachedTile tile = CachedTile.of(new byte[] {1, 2, 3});
    tile.made(Encoding.GZIP, CachedTile.Effort.BEST, new byte[] {4, 5});
    tile.made(Encoding.BROTLI, CachedTile.Effort.BEST, new byte[] {6});

    TileEnvelope.Entry entry = TileEnvelope.decode(TileEnvelope.encode(tile, 42));

    assertThat(entry.version()).isEqualTo(42);
    assertThat(entry.tile().raw()).containsExactly(1, 2, 3);
    assertThat(entry.tile().variant(Encoding.GZIP).body()).containsExactly(4, 5);
    assertThat(entry.tile().variant(Encoding.BROTLI).body()).containsExactly(6);
    assertThat(entry.tile().variant(Encoding.BROTLI).etag().toString()).isEqualTo(tile.variant(Encoding.BROTLI).etag().toString());
  }

  @Test
  void absentVariantsStayAbsentAndAnEmptyTileStaysEmpty() {
    TileEnvelope.Entry entry = TileEnvelope.decode(TileEnvelope.encode(CachedTile.of(new byte[0]), 0));

    assertThat(entry.tile().isEmpty()).isTrue();
    assertThat(entry.tile().encodings()).containsExactly(Encoding.IDENTITY);
  }

  @Test
  void theSizeIsTheEncodedLength() {
    CachedTile tile = CachedTile.of(new byte[300]);
    tile.made(Encoding.GZIP, CachedTile.Effort.BEST, new byte[40]);

    assertThat(TileEnvelope.encode(tile, 7)).hasSize(TileEnvelope.size(tile));
  }

  @Test
  void truncatedForeignOrPaddedValuesAreRejected() {
    CachedTile tile = CachedTile.of(new byte[] {1, 2, 3});
    tile.made(Encoding.GZIP, CachedTile.Effort.BEST, new byte[] {4});
    byte[] good = TileEnvelope.encode(tile, 1);

    assertThatThrownBy(() -> TileEnvelope.decode(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(TileEnvelope.MalformedEnvelope.class);
    assertThatThrownBy(() -> TileEnvelope.decode(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(TileEnvelope.MalformedEnvelope.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> TileEnvelope.decode("hello".getBytes()))
        .isInstanceOf(TileEnvelope.MalformedEnvelope.class);
  }
}
