package io.tileserver.cluster;

import io.tileserver.filter.FilterOp;
import io.tileserver.filter.FilterSet;
import io.tileserver.filter.FilterValue;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A tile's listing count and price sum/min/max computed by SQL over the {@code properties} table,
 * with the filters bound as parameters. Tile membership is written with the definition the index
 * uses ({@link WebMercator}): floor(x·2^z) = tile x, floor(y·2^z) = tile y — so a point on a tile's
 * west or north edge belongs to it, one on its east or south edge to the neighbour.
 */
public final class SqlTileOracle {
  private SqlTileOracle() {}

  /** {count, sum, min, max} of price over the tile (sum/min/max 0 when no row has a price). */
  public static long[] aggregate(Connection jdbc, TileCoord tile, FilterSet filters) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT count(*), coalesce(sum(price), 0), coalesce(min(price), 0),"
        + " coalesce(max(price), 0) FROM properties WHERE geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)"
        + " AND floor((ST_X(geom) + 180) / 360 * 2 ^ ?) = ?"
        + " AND floor((0.5 - ln(tan(pi() / 4 + radians(ST_Y(geom)) / 2)) / (2 * pi())) * 2 ^ ?) = ?");
    // The envelope (widened by a margin) only lets the GiST index narrow the rows; the formulas decide.
    double n = 1L << tile.z();
    double margin = 1e-6;
    List<Object> params = new ArrayList<>(List.of(
        WebMercator.lon(tile.x() / n) - margin, WebMercator.lat((tile.y() + 1) / n) - margin,
        WebMercator.lon((tile.x() + 1) / n) + margin, WebMercator.lat(tile.y() / n) + margin,
        tile.z(), tile.x(), tile.z(), tile.y()));
    for (FilterValue v : filters.values()) {
      if (v.spec().op() == FilterOp.IN) {
        sql.append(" AND ").append(v.spec().column()).append(" = ANY(?)");
        params.add(jdbc.createArrayOf("text", v.items().toArray()));
      } else {
        sql.append(" AND ").append(v.spec().column()).append(' ').append(v.spec().op().symbol()).append(" ?");
        params.add(v.value());
      }
    }
    try (PreparedStatement st = jdbc.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        st.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
      }
    }
  }

  /** The same four figures from aggregated cells. */
  public static long[] aggregate(ClusterCells cells) {
    long count = 0;
    long sum = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < cells.size(); i++) {
      count += cells.count(i);
      if (cells.hasPrice(i)) {
        sum += cells.priceSum(i);
        min = Math.min(min, cells.priceMin(i));
        max = Math.max(max, cells.priceMax(i));
      }
    }
    return min == Long.MAX_VALUE ? new long[] {count, 0, 0, 0} : new long[] {count, sum, min, max};
  }
}
