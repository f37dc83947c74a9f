package io.tileserver.tile;

/**
 * What a tile's bytes are, told by their first bytes: a function source may return raster images
 * (as Martin serves them) as well as vector tiles. Images are sent with their own content type and
 * never compressed again.
 */
public enum TileFormat {
  MVT("application/vnd.mapbox-vector-tile", true),
  PNG("image/png", false),
  JPEG("image/jpeg", false),
  WEBP("image/webp", false);

  private final String contentType;
  private final boolean compressible;

  TileFormat(String contentType, boolean compressible) {
    this.contentType = contentType;
    this.compressible = compressible;
  }

  public String contentType() {
    return contentType;
  }

  /** False for formats that are compressed already, where gzip or brotli would only cost CPU. */
  public boolean compressible() {
    return compressible;
  }

  /** The format of {@code bytes}: an image by its signature, else (empty tiles too) MVT. */
  public static TileFormat of(byte[] bytes) {
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return PNG;
    }
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    return MVT;
  }

  private static boolean startsWith(byte[] bytes, int offset, int... signature) {
    if (bytes.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((bytes[offset + i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
