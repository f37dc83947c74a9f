package io.tileserver.cluster;

/**
 * A cluster's id: its grid cell, i.e. the quadtree node it aggregates, as
 * {@code morton(cell) · 32 + cellZoom}. Stable across requests, filters and reloads (it names a
 * place, not a member set), and below 2^53 so MapLibre's JavaScript numbers hold it exactly — which
 * caps the cell zoom at {@value #MAX_CELL_ZOOM}.
 */
public final class ClusterId {
  public static final int MAX_CELL_ZOOM = 24;

  private ClusterId() {}

  public static long of(int cellZoom, long cell) {
    if (cellZoom < 0 || cellZoom > MAX_CELL_ZOOM) {
      throw new IllegalArgumentException("cell zoom must be 0.." + MAX_CELL_ZOOM + ", was " + cellZoom);
    }
    return cell << 5 | cellZoom;
  }

  public static int cellZoom(long id) {
    return (int) (id & 31);
  }

  /** The cell's Morton code at {@link #cellZoom}. */
  public static long cell(long id) {
    return id >>> 5;
  }

  /** Could this id come from {@link #of}? Check before trusting one that came in a URL. */
  public static boolean isValid(long id) {
    int zoom = cellZoom(id);
    return id >= 0 && zoom <= MAX_CELL_ZOOM && cell(id) >>> (2 * zoom) == 0;
  }
}
