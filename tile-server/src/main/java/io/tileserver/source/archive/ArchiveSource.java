package io.tileserver.source.archive;

import io.tileserver.archive.TileArchive;
import io.tileserver.archive.TileCompression;
import io.tileserver.cache.Encoding;
import io.tileserver.filter.FilterSet;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceFailedException;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.SourceTile;
import io.tileserver.source.TileSource;
import io.tileserver.source.WorkerLane;
import io.tileserver.tile.TileCoord;
import io.vertx.core.Future;
import java.io.IOException;

/**
 * Tiles read from an MBTiles or PMTiles file. Reads block, so they run on a worker lane under the
 * request's deadline. Tiles stored gzip- or brotli-compressed are handed over with their stored
 * bytes too, which clients taking that coding get as they are. {@link ArchiveSources} swaps in a new
 * {@link OpenArchive} when the file changes.
 */
public final class ArchiveSource implements TileSource {
  private static final byte[] EMPTY = new byte[0];

  private final WorkerLane lane;
  private volatile OpenArchive open;

  ArchiveSource(OpenArchive open, WorkerLane lane) {
    this.open = open;
    this.lane = lane;
  }

  @Override
  public SourceInfo info() {
    return open.info();
  }

  OpenArchive open() {
    return open;
  }

  /** Serves {@code replacement} from now on; the caller closes the old archive once reads in flight are done. */
  void replace(OpenArchive replacement) {
    this.open = replacement;
  }

  @Override
  public Future<byte[]> getTile(TileCoord coord, FilterSet filters, Deadline deadline) {
    return getSourceTile(coord, filters, deadline).map(SourceTile::raw);
  }

  @Override
  public Future<SourceTile> getSourceTile(TileCoord coord, FilterSet filters, Deadline deadline) {
    OpenArchive current = open;
    return lane.submit(deadline, () -> read(current, coord));
  }

  private static SourceTile read(OpenArchive current, TileCoord coord) {
    TileArchive archive = current.archive();
    TileCompression compression = archive.metadata().tileCompression();
    try {
      byte[] stored = archive.tile(coord.z(), coord.x(), coord.y());
      if (stored == null || stored.length == 0) {
        return SourceTile.of(EMPTY);
      }
      return switch (compression) {
        case NONE -> SourceTile.of(stored);
        case GZIP -> new SourceTile(compression.decode(stored), Encoding.GZIP, stored, null);
        case BROTLI -> new SourceTile(compression.decode(stored), Encoding.BROTLI, stored, null);
        case ZSTD -> throw new IllegalStateException("zstd tiles are refused when the archive is opened");
      };
    } catch (IOException e) {
      throw new SourceFailedException("reading tile " + coord + " of " + current.file() + " failed: "
          + e.getMessage(), e);
    }
  }
}
