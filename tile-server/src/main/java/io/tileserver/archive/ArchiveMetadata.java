package io.tileserver.archive;

import io.tileserver.tile.Bounds;
import io.vertx.core.json.JsonObject;

/**
 * An archive's own description.
 *
 * @param format the tiles' format as TileJSON and MBTiles spell it: {@code pbf}, {@code png}, {@code jpg},
 *     {@code webp}
 * @param tileCompression how every stored tile is compressed; for MBTiles, whether its tiles are gzip
 *     (told by the first tile's bytes)
 * @param bounds the data's extent, or null when the file does not say
 * @param tileJson the rest as TileJSON keys ({@code name}, {@code description}, {@code attribution},
 *     {@code center}, {@code vector_layers}, …)
 */
public record ArchiveMetadata(String format, TileCompression tileCompression, int minzoom, int maxzoom,
    Bounds bounds, JsonObject tileJson) {
  public ArchiveMetadata {
    tileJson = tileJson == null ? new JsonObject() : tileJson.copy();
  }

  @Override
  public JsonObject tileJson() {
    return tileJson.copy();
  }
}
