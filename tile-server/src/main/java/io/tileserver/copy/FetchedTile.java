package io.tileserver.copy;

/**
 * A tile as the server sent it.
 *
 * @param body the bytes, compressed as {@code contentEncoding} says; empty for an empty tile
 * @param contentType the tile's format ({@code application/vnd.mapbox-vector-tile}, {@code image/png}, …)
 * @param contentEncoding {@code gzip}, or empty for none
 */
public record FetchedTile(byte[] body, String contentType, String contentEncoding) {
  public boolean gzipped() {
    return contentEncoding.equalsIgnoreCase("gzip");
  }
}
