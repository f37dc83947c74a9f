package io.tileserver.source.cluster;

import io.tileserver.cluster.CellAggregator;
import io.tileserver.cluster.ClusterCells;
import io.tileserver.cluster.ClusterColumns;
import io.tileserver.cluster.ClusterSnapshot;
import io.tileserver.cluster.RowSelection;
import io.tileserver.tile.WebMercator;
import io.tileserver.mvt.LayerBuilder;
import io.tileserver.mvt.LayerOptions;
import io.tileserver.mvt.TileBuilder;
import io.tileserver.tile.TileCoord;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/**
 * Turns aggregated cells or selected listings into an MVT layer, with the attribute names MapLibre's
 * GeoJSON clustering uses ({@code cluster}, {@code cluster_id}, {@code point_count},
 * {@code point_count_abbreviated}) plus price aggregates, so styles written for client-side
 * clustering work unchanged. A cell holding one listing is that listing, with its own attributes.
 *
 * <p>A cluster is drawn at its listings' centroid, moved inward to lie at least a quarter of the cell
 * from the cell's edges ({@link #insetInCell}). Centroids of neighbouring cells can be arbitrarily
 * close (a town on the line between two cells); kept a quarter cell inside, two clusters are at
 * least half a cell apart, so circles up to a quarter cell across in radius (16 px with the usual
 * 64-px cells, as the packaged styles draw them) never overlap at any zoom.
 */
final class ClusterTileEncoder {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private final String layer;
  private final LayerOptions options;
  private final ClusterColumns columns;

  private final double cellUnits;

  ClusterTileEncoder(String layer, LayerOptions options, ClusterColumns columns, int cellPixels) {
    this.layer = layer;
    this.options = options;
    this.columns = columns;
    this.cellUnits = (double) options.extent() * cellPixels / CellAggregator.TILE_PIXELS;
  }

  byte[] clusters(ClusterCells cells) {
    ClusterSnapshot snapshot = cells.snapshot();
    TileBuilder tile = new TileBuilder();
    LayerBuilder out = tile.layer(layer, options);
    int extent = options.extent();
    for (int i = 0; i < cells.size(); i++) {
      double x = cells.tilePixelX(i, extent);
      double y = cells.tilePixelY(i, extent);
      if (cells.singleRow(i) >= 0) {
        listing(out, snapshot, cells.singleRow(i), point(x, y));
        continue;
      }
      Point point = point(insetInCell(x, cellUnits), insetInCell(y, cellUnits));
      long count = cells.count(i);
      var feature = out.feature(point).id(cells.clusterId(i))
          .attr("cluster", true)
          .attr("cluster_id", cells.clusterId(i))
          .attr("point_count", count)
          .attr("point_count_abbreviated", abbreviate(count));
      if (cells.hasPrice(i)) {
        feature.attr("price_min", cells.priceMin(i)).attr("price_avg", Math.round(cells.priceAvg(i)))
            .attr("price_max", cells.priceMax(i));
      }
      feature.add();
    }
    return tile.encode();
  }

  byte[] listings(TileCoord coord, RowSelection rows) {
    ClusterSnapshot snapshot = rows.snapshot();
    TileBuilder tile = new TileBuilder();
    LayerBuilder out = tile.layer(layer, options);
    double scale = (double) (1L << coord.z());
    int extent = options.extent();
    for (int i = 0; i < rows.size(); i++) {
      int row = rows.row(i);
      double px = (WebMercator.x(snapshot.lon(row)) * scale - coord.x()) * extent;
      double py = (WebMercator.y(snapshot.lat(row)) * scale - coord.y()) * extent;
      listing(out, snapshot, row, point(px, py));
    }
    return tile.encode();
  }

  private void listing(LayerBuilder out, ClusterSnapshot snapshot, int row, Point point) {
    out.feature(point).id(snapshot.id(row)).attrs(snapshot.row(row).attributes(columns)).add();
  }

  /** The coordinate moved into the middle half of its cell ({@code cell} units wide, cells from 0). */
  static double insetInCell(double v, double cell) {
    double start = Math.floor(v / cell) * cell;
    return Math.max(start + cell / 4, Math.min(start + cell * 3 / 4, v));
  }

  private static Point point(double x, double y) {
    return GEOMETRY.createPoint(new Coordinate(x, y));
  }

  /**
   * As supercluster (MapLibre GL JS's GeoJSON clustering) abbreviates: 999, 1.2k, 12k, 1000k, with
   * halves rounded up. It has no "M": a million is "1000k". Below 1,000 supercluster keeps the
   * number itself; here it is its text, so the attribute has the one type TileJSON declares (String),
   * and {@code text-field} renders both alike.
   */
  static String abbreviate(long count) {
    if (count >= 10_000) {
      return Math.round(count / 1000.0) + "k";
    }
    if (count >= 1000) {
      return oneDecimal(count / 100.0) + "k";
    }
    return Long.toString(count);
  }

  private static String oneDecimal(double tenths) {
    long t = Math.round(tenths);
    return t % 10 == 0 ? Long.toString(t / 10) : (t / 10) + "." + (t % 10);
  }
}
