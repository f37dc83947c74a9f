package io.tileserver.copy;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileArchiveWriter;
import io.tileserver.archive.TileCompression;
import io.tileserver.archive.mbtiles.MbtilesLayout;
import io.tileserver.archive.mbtiles.MbtilesWriter;
import io.tileserver.archive.pmtiles.PmtilesWriter;
import io.tileserver.cache.CachedTile;
import io.tileserver.serving.Gzip;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.TileCoord;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Copied tiles into an MBTiles or PMTiles file (told by its extension). Vector tiles are stored
 * gzip-compressed, as both formats' readers expect (the server's gzip bytes as they came, small
 * tiles it sent uncompressed compressed here); images as they are. An MBTiles file that exists is
 * continued: its tiles are skipped. A PMTiles file is written whole at {@link #finish}, since its
 * directory comes before its tiles.
 */
public final class ArchiveSink implements TileSink {
  private final Path output;
  private volatile TileArchiveWriter writer;
  private volatile String format;

  private ArchiveSink(Path output, TileArchiveWriter writer) {
    this.output = output;
    this.writer = writer;
  }

  /** A sink writing {@code output}: {@code .pmtiles}, or {@code .mbtiles} in {@code layout}. */
  public static ArchiveSink open(Path output, MbtilesLayout layout) throws IOException {
    return isPmtiles(output) ? new ArchiveSink(output, null)
        : new ArchiveSink(output, MbtilesWriter.create(output, layout));
  }

  /** True for a {@code .pmtiles} path, false for {@code .mbtiles}; any other path is refused. */
  public static boolean isPmtiles(Path output) {
    String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".pmtiles") && !name.endsWith(".mbtiles")) {
      throw new IllegalArgumentException("--output must end in .mbtiles or .pmtiles, was " + output);
    }
    return name.endsWith(".pmtiles");
  }

  @Override
  public boolean contains(TileCoord coord) throws IOException {
    TileArchiveWriter current = writer;
    return current != null && current.contains(coord.z(), coord.x(), coord.y());
  }

  @Override
  public long accept(TileCoord coord, FetchedTile tile) throws IOException {
    String tileFormat = formatOf(tile.contentType());
    byte[] stored = !tileFormat.equals("pbf") || tile.gzipped() ? tile.body()
        : Gzip.compress(tile.body(), CachedTile.Effort.BEST);
    writer(tileFormat).write(coord.z(), coord.x(), coord.y(), stored);
    return stored.length;
  }

  /** Writes the metadata and completes the file; {@code tileJson} is the copied sources' TileJSON. */
  public void finish(JsonObject tileJson, Bounds bounds, int minzoom, int maxzoom) throws IOException {
    String tilesFormat = format != null ? format : "pbf";
    JsonObject described = tileJson.copy();
    for (String ours : new String[] {"tilejson", "tiles", "bounds", "minzoom", "maxzoom", "filters"}) {
      described.remove(ours);
    }
    writer(tilesFormat).finish(new ArchiveMetadata(tilesFormat, compression(tilesFormat), minzoom, maxzoom, bounds,
        described));
  }

  public void close() throws IOException {
    TileArchiveWriter current = writer;
    if (current != null) {
      current.close();
    }
  }

  /** The writer; a PMTiles one is made on the first tile, when the format is known. */
  private synchronized TileArchiveWriter writer(String tileFormat) throws IOException {
    if (format == null) {
      format = tileFormat;
    } else if (!format.equals(tileFormat)) {
      throw new IOException("the copied tiles are " + format + " and " + tileFormat + "; one file holds one format");
    }
    if (writer == null) {
      writer = PmtilesWriter.create(output, compression(tileFormat), tileFormat);
    }
    return writer;
  }

  private static TileCompression compression(String format) {
    return format.equals("pbf") ? TileCompression.GZIP : TileCompression.NONE;
  }

  private static String formatOf(String contentType) {
    return switch (contentType.toLowerCase(Locale.ROOT)) {
      case "image/png" -> "png";
      case "image/jpeg" -> "jpg";
      case "image/webp" -> "webp";
      default -> "pbf";
    };
  }
}
