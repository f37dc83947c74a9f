package io.tileserver.archive.pmtiles;

import io.tileserver.archive.TileCompression;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fixed 127-byte PMTiles v3 header (little-endian): where each section is, the summary counts,
 * compressions, tile type, zooms, and bounds and center as degrees × 10^7.
 */
record PmtilesHeader(long rootOffset, long rootLength, long metadataOffset, long metadataLength,
    long leafOffset, long leafLength, long dataOffset, long dataLength, long addressedTiles,
    long tileEntries, long tileContents, boolean clustered, int internalCompression,
    int tileCompression, int tileType, int minZoom, int maxZoom, int minLonE7, int minLatE7,
    int maxLonE7, int maxLatE7, int centerZoom, int centerLonE7, int centerLatE7) {

  static final int LENGTH = 127;
  static final int COMPRESSION_UNKNOWN = 0;
  static final int COMPRESSION_NONE = 1;
  static final int COMPRESSION_GZIP = 2;
  private static final byte[] MAGIC = "PMTiles".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 3;
  /** Tile type codes 1..5, in order. */
  private static final List<String> FORMATS = List.of("pbf", "png", "jpg", "webp", "avif");
  /** Compression codes 1..4, in order. */
  private static final List<TileCompression> COMPRESSIONS =
      List.of(TileCompression.NONE, TileCompression.GZIP, TileCompression.BROTLI, TileCompression.ZSTD);

  /** Parses a header; {@code file} names the archive in the messages of what is wrong. */
  static PmtilesHeader read(ByteBuffer bytes, String file) throws IOException {
    ByteBuffer in = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (in.remaining() < LENGTH) {
      throw new IOException(file + " is not a PMTiles archive: it has " + in.remaining()
          + " bytes, fewer than the 127-byte header");
    }
    for (byte b : MAGIC) {
      if (in.get() != b) {
        throw new IOException(file + " is not a PMTiles archive: it does not start with \"PMTiles\"");
      }
    }
    int version = in.get() & 0xFF;
    if (version != VERSION) {
      throw new IOException(file + " is PMTiles version " + version
          + "; only version 3 is read (convert it with `pmtiles convert`)");
    }
    return new PmtilesHeader(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
        in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.get() == 1,
        in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF, in.get() & 0xFF, in.getInt(),
        in.getInt(), in.getInt(), in.getInt(), in.get() & 0xFF, in.getInt(), in.getInt());
  }

  byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) VERSION);
    for (long value : new long[] {rootOffset, rootLength, metadataOffset, metadataLength, leafOffset,
        leafLength, dataOffset, dataLength, addressedTiles, tileEntries, tileContents}) {
      out.putLong(value);
    }
    out.put((byte) (clustered ? 1 : 0)).put((byte) internalCompression).put((byte) tileCompression)
        .put((byte) tileType).put((byte) minZoom).put((byte) maxZoom);
    out.putInt(minLonE7).putInt(minLatE7).putInt(maxLonE7).putInt(maxLatE7);
    out.put((byte) centerZoom).putInt(centerLonE7).putInt(centerLatE7);
    return out.array();
  }

  /** The TileJSON format of a tile type code, or null for 0 (unknown) and codes this reader does not know. */
  static String format(int tileType) {
    return tileType >= 1 && tileType <= FORMATS.size() ? FORMATS.get(tileType - 1) : null;
  }

  static int tileType(String format) {
    int index = FORMATS.indexOf(format);
    if (index < 0) {
      throw new IllegalArgumentException("PMTiles holds tiles of format " + FORMATS + ", not " + format);
    }
    return index + 1;
  }

  /**
   * The tiles' compression. 0 (unknown) reads as none: the bytes are then served as stored, which is
   * what a client of such a file gets from any server.
   */
  static TileCompression tileCompression(int code, String file) throws IOException {
    if (code == COMPRESSION_UNKNOWN) {
      return TileCompression.NONE;
    }
    if (code > COMPRESSIONS.size()) {
      throw new IOException(file + " has tile compression " + code + ", which PMTiles v3 does not define");
    }
    return COMPRESSIONS.get(code - 1);
  }

  static int code(TileCompression compression) {
    return COMPRESSIONS.indexOf(compression) + 1;
  }

  static int e7(double degrees) {
    return (int) Math.round(degrees * 1e7);
  }

  static double degrees(int e7) {
    return e7 / 1e7;
  }
}
