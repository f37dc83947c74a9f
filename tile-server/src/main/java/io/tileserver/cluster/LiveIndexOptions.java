package io.tileserver.cluster;

/**
 * How a {@link LiveClusterIndex} aggregates, reports and merges.
 *
 * @param cellPixels cluster cell size at a 512-pixel tile (a power of two, default 64)
 * @param parallelThreshold rows in a tile from which a scan is split over the helper executor
 * @param clusterMaxZoom the zoom from which listings are served instead of clusters (expansion caps at it)
 * @param changedTilesMaxZoom the deepest zoom {@link ChangedTiles} reports (the source's max zoom)
 * @param mergeRows delta rows plus dead main rows from which the delta is merged into main
 */
public record LiveIndexOptions(
    int cellPixels, int parallelThreshold, int clusterMaxZoom, int changedTilesMaxZoom, int mergeRows) {

  public LiveIndexOptions {
    if (changedTilesMaxZoom < 0 || changedTilesMaxZoom > ChangedTiles.MAX_ZOOM) {
      throw new IllegalArgumentException("changed-tiles max zoom must be 0.." + ChangedTiles.MAX_ZOOM + ", was "
          + changedTilesMaxZoom);
    }
    if (mergeRows < 1) {
      throw new IllegalArgumentException("merge rows must be >= 1, was " + mergeRows);
    }
  }

  /**
   * 64-pixel cells, scans split from 262,144 rows, clusters to z14, tiles reported to z22, a merge
   * once 100,000 rows differ from main (about 3 MB of delta; dirty blocks lose their block sums).
   */
  public static LiveIndexOptions defaults() {
    return new LiveIndexOptions(64, 262_144, 14, 22, 100_000);
  }

  public LiveIndexOptions withMergeRows(int rows) {
    return new LiveIndexOptions(cellPixels, parallelThreshold, clusterMaxZoom, changedTilesMaxZoom, rows);
  }

  public LiveIndexOptions withChangedTilesMaxZoom(int zoom) {
    return new LiveIndexOptions(cellPixels, parallelThreshold, clusterMaxZoom, zoom, mergeRows);
  }
}
