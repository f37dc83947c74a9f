package io.tileserver.copy;

import io.tileserver.tile.TileCoord;
import java.io.IOException;

/** Where copied tiles go: an archive file, or nowhere when a copy only warms a server's caches. */
public interface TileSink {
  /** True when the tile is there already (a resumed copy skips it). */
  boolean contains(TileCoord coord) throws IOException;

  /** Stores a non-empty tile; returns the bytes stored. Called from several threads. */
  long accept(TileCoord coord, FetchedTile tile) throws IOException;
}
