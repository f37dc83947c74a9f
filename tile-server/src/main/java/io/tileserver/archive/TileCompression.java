package io.tileserver.archive;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How an archive's bytes are compressed as stored (PMTiles' tile and internal compression; MBTiles'
 * gzip), and how they are read back.
 */
public enum TileCompression {
  NONE,
  GZIP,
  BROTLI,
  ZSTD;

  /** Whether {@link #decode} can read it here: not zstd (no codec), brotli only when its native library loads. */
  public boolean readable() {
    return switch (this) {
      case NONE, GZIP -> true;
      case BROTLI -> Brotli4jLoader.isAvailable();
      case ZSTD -> false;
    };
  }

  /** The bytes {@code stored} holds; a stream that is not whole in this compression is an {@link IOException}. */
  public byte[] decode(byte[] stored) throws IOException {
    return switch (this) {
      case NONE -> stored;
      case GZIP -> {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
          yield in.readAllBytes();
        }
      }
      case BROTLI -> {
        DirectDecompress result = Decoder.decompress(stored);
        if (result.getResultStatus() != DecoderJNI.Status.DONE) {
          throw new IOException("not a whole brotli stream (" + result.getResultStatus() + ")");
        }
        yield result.getDecompressedData();
      }
      case ZSTD -> throw new IOException("zstd is not read here; store the tiles gzip-compressed or uncompressed");
    };
  }
}
