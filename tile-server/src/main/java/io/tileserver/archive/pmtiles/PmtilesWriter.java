package io.tileserver.archive.pmtiles;

import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileArchiveWriter;
import io.tileserver.archive.TileCompression;
import io.tileserver.tile.Bounds;
import io.tileserver.tile.WebMercator;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * Writes a clustered PMTiles v3 archive: tiles arrive from any threads in any order and are spooled
 * to {@code <output>.spool} beside the output; {@link #finish} lays them out in tile id order with
 * identical contents stored once and repeated neighbours merged into runs, with gzip directories
 * (leaves when the root would pass 16 KiB) and metadata, into {@code <output>.part}, then renames that
 * to the output, so an interrupted copy never leaves a partial archive at the output path.
 *
 * <p>A PMTiles archive is written in one pass at the end, so an interrupted copy cannot be resumed:
 * {@link #contains} knows only the tiles written since {@link #create}. A PMTiles archive has no
 * empty tiles (an entry's length must be positive; a missing tile is an empty one), so an empty tile
 * is counted as written and not stored.
 */
public final class PmtilesWriter implements TileArchiveWriter {
  private final Path output;
  private final Path partial;
  private final Path spoolPath;
  private final TileCompression tileCompression;
  private final String format;
  private final TileSpool spool;
  /** Writes share it; finish takes it alone, so that no write is half done while the archive is laid out. */
  private final ReadWriteLock finishing = new ReentrantReadWriteLock();
  private final Roaring64Bitmap written = new Roaring64Bitmap();
  private final TileExtent extent = new TileExtent();
  private boolean finished;

  private PmtilesWriter(Path output, TileCompression tileCompression, String format) throws IOException {
    this.output = output.toAbsolutePath();
    this.partial = this.output.resolveSibling(this.output.getFileName() + ".part");
    this.spoolPath = this.output.resolveSibling(this.output.getFileName() + ".spool");
    this.tileCompression = tileCompression;
    this.format = format;
    this.spool = new TileSpool(spoolPath);
  }

  /**
   * Starts an archive at {@code output} of tiles in {@code format} ({@code pbf}, {@code png},
   * {@code jpg}, {@code webp}, {@code avif}) whose bytes are compressed as {@code tileCompression}.
   */
  public static PmtilesWriter create(Path output, TileCompression tileCompression, String format)
      throws IOException {
    PmtilesHeader.tileType(format);
    return new PmtilesWriter(output, tileCompression, format);
  }

  @Override
  public void write(int z, int x, int y, byte[] bytes) throws IOException {
    long tileId = TileId.of(z, x, y);
    finishing.readLock().lock();
    try {
      if (finished) {
        throw new IllegalStateException(output + " is finished; no tile may be written after finish");
      }
      synchronized (written) {
        if (written.contains(tileId)) {
          throw new IllegalStateException("tile " + z + "/" + x + "/" + y + " was already written to " + output);
        }
        written.addLong(tileId);
        if (bytes.length > 0) {
          extent.add(z, x, y);
        }
      }
      if (bytes.length > 0) {
        spool.add(tileId, bytes);
      }
    } finally {
      finishing.readLock().unlock();
    }
  }

  @Override
  public boolean contains(int z, int x, int y) {
    long tileId = TileId.of(z, x, y);
    synchronized (written) {
      return written.contains(tileId);
    }
  }

  @Override
  public void finish(ArchiveMetadata metadata) throws IOException {
    finishing.writeLock().lock();
    try {
      if (finished) {
        throw new IllegalStateException(output + " is already finished");
      }
      require("format", format, metadata.format());
      require("tile compression", tileCompression, metadata.tileCompression());
      TileSpool.Layout layout = spool.layout();
      if (layout.entries().size() == 0) {
        throw new IOException("no tiles were written for " + output + "; a PMTiles archive holds at least one");
      }
      DirectoryTree tree = DirectoryTree.of(layout.entries());
      byte[] json = Gzip.compress(metadata.tileJson().encode().getBytes(StandardCharsets.UTF_8));
      PmtilesHeader header = header(metadata, layout, tree, json.length);
      try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        for (byte[] section : Arrays.asList(header.toBytes(), tree.root(), json, tree.leaves())) {
          ByteBuffer buffer = ByteBuffer.wrap(section);
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
        }
        for (int index : layout.copyOrder()) {
          spool.copy(index, out);
        }
        out.force(true);
      }
      Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      finished = true;
    } finally {
      finishing.writeLock().unlock();
    }
    close();
  }

  /** Deletes the spool, and the partial archive when {@link #finish} did not complete. */
  @Override
  public void close() throws IOException {
    finishing.writeLock().lock();
    try {
      spool.close();
      Files.deleteIfExists(spoolPath);
      Files.deleteIfExists(partial);
    } finally {
      finishing.writeLock().unlock();
    }
  }

  private PmtilesHeader header(ArchiveMetadata metadata, TileSpool.Layout layout, DirectoryTree tree,
      int metadataLength) {
    int minZoom = Math.min(metadata.minzoom(), extent.minZoom());
    int maxZoom = Math.max(metadata.maxzoom(), extent.maxZoom());
    Bounds bounds = metadata.bounds() != null ? metadata.bounds() : extent.bounds();
    double[] center = center(metadata, bounds, minZoom);
    long rootOffset = PmtilesHeader.LENGTH;
    long metadataOffset = rootOffset + tree.root().length;
    long leafOffset = metadataOffset + metadataLength;
    long dataOffset = leafOffset + tree.leaves().length;
    return new PmtilesHeader(rootOffset, tree.root().length, metadataOffset, metadataLength, leafOffset,
        tree.leaves().length, dataOffset, layout.dataLength(), layout.addressedTiles(), layout.entries().size(),
        layout.tileContents(), true, PmtilesHeader.COMPRESSION_GZIP, PmtilesHeader.code(tileCompression),
        PmtilesHeader.tileType(format), minZoom, maxZoom, PmtilesHeader.e7(bounds.west()),
        PmtilesHeader.e7(bounds.south()), PmtilesHeader.e7(bounds.east()), PmtilesHeader.e7(bounds.north()),
        (int) center[2], PmtilesHeader.e7(center[0]), PmtilesHeader.e7(center[1]));
  }

  /** TileJSON's center [lon, lat, zoom] when it gives one, else the middle of the bounds at the lowest zoom. */
  private static double[] center(ArchiveMetadata metadata, Bounds bounds, int minZoom) {
    if (metadata.tileJson().getValue("center") instanceof JsonArray given && given.size() == 3
        && given.getList().stream().allMatch(Number.class::isInstance)) {
      return new double[] {given.getDouble(0), given.getDouble(1), given.getDouble(2)};
    }
    return new double[] {(bounds.west() + bounds.east()) / 2, (bounds.south() + bounds.north()) / 2, minZoom};
  }

  private void require(String what, Object writing, Object told) {
    if (told != null && !told.equals(writing)) {
      throw new IllegalArgumentException(output + " was created for " + what + " " + writing
          + " but finish was given metadata with " + what + " " + told);
    }
  }

  /** The zooms of stored tiles and, at the deepest one, their rectangle: the bounds when the metadata has none. */
  private static final class TileExtent {
    private int minZoom = Integer.MAX_VALUE;
    private int maxZoom = -1;
    private long minX;
    private long maxX;
    private long minY;
    private long maxY;

    void add(int z, int x, int y) {
      minZoom = Math.min(minZoom, z);
      if (z > maxZoom) {
        maxZoom = z;
        minX = maxX = x;
        minY = maxY = y;
      } else if (z == maxZoom) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }

    int minZoom() {
      return minZoom;
    }

    int maxZoom() {
      return maxZoom;
    }

    Bounds bounds() {
      double n = 1L << maxZoom;
      return new Bounds(WebMercator.lon(minX / n), WebMercator.lat((maxY + 1) / n), WebMercator.lon((maxX + 1) / n),
          WebMercator.lat(minY / n));
    }
  }
}
