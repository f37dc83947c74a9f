package io.tileserver.tile;

import java.util.List;

/** A WGS84 bounding box (west, south, east, north) as TileJSON writes it. */
public record Bounds(double west, double south, double east, double north) {
  public static final Bounds WORLD = new Bounds(-180, -85.0511287798066, 180, 85.0511287798066);

  public Bounds {
    if (!(west >= -180 && east <= 180 && south >= -90 && north <= 90 && south <= north)) {
      throw new IllegalArgumentException(
          "bounds must be [west, south, east, north] within [-180, -90, 180, 90], was "
              + List.of(west, south, east, north));
    }
  }

  public static Bounds of(List<Double> values) {
    if (values == null || values.size() != 4) {
      throw new IllegalArgumentException("bounds must have 4 numbers [west, south, east, north], was " + values);
    }
    return new Bounds(values.get(0), values.get(1), values.get(2), values.get(3));
  }

  public List<Double> asList() {
    return List.of(west, south, east, north);
  }

  /** Does the tile intersect these bounds? Tiles wholly outside are empty without asking the source. */
  /** Whether the point lies inside (edges included; across the antimeridian when west > east). */
  public boolean contains(double lon, double lat) {
    boolean inLon = west <= east ? lon >= west && lon <= east : lon >= west || lon <= east;
    return inLon && lat >= south && lat <= north;
  }

  public boolean intersects(TileCoord tile) {
    double n = 1L << tile.z();
    double tileWest = WebMercator.lon(tile.x() / n);
    double tileEast = WebMercator.lon((tile.x() + 1) / n);
    double tileNorth = WebMercator.lat(tile.y() / n);
    double tileSouth = WebMercator.lat((tile.y() + 1) / n);
    boolean lonOverlap = west <= east ? tileWest <= east && tileEast >= west : tileWest <= east || tileEast >= west;
    return lonOverlap && tileSouth <= north && tileNorth >= south;
  }
}
