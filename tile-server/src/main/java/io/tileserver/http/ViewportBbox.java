package io.tileserver.http;

import io.tileserver.cluster.ViewportBox;

/**
 * The {@code bbox=west,south,east,north} of a viewport request, in degrees, checked: four finite
 * numbers, longitudes in [-180, 180], latitudes in [-90, 90], south not above north. A west east of
 * the east crosses the antimeridian, which the search handles.
 */
record ViewportBbox(double west, double south, double east, double north) {
  private static final String HINT = "send bbox=west,south,east,north in degrees, e.g. bbox=-122.45,37.7,-122.35,37.8";

  static ViewportBbox parse(String text) {
    if (text == null || text.isEmpty()) {
      throw ApiError.badRequest("bbox is required", HINT);
    }
    String[] parts = text.split(",", -1);
    if (parts.length != 4) {
      throw ApiError.badRequest("bbox must be 4 numbers west,south,east,north, was '" + ApiError.abbreviate(text) + "'",
          HINT);
    }
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        v[i] = Double.NaN;
      }
      if (!Double.isFinite(v[i])) {
        throw ApiError.badRequest("bbox must be 4 numbers west,south,east,north, was '" + ApiError.abbreviate(text) + "'",
            HINT);
      }
    }
    ViewportBbox box = new ViewportBbox(v[0], v[1], v[2], v[3]);
    if (Math.abs(box.west) > 180 || Math.abs(box.east) > 180) {
      throw ApiError.badRequest("bbox longitudes must be within -180..180, were " + box.west + " and " + box.east, HINT);
    }
    if (Math.abs(box.south) > 90 || Math.abs(box.north) > 90) {
      throw ApiError.badRequest("bbox latitudes must be within -90..90, were " + box.south + " and " + box.north, HINT);
    }
    if (box.south > box.north) {
      throw ApiError.badRequest("bbox south (" + box.south + ") is north of its north (" + box.north + ")",
          "the order is west,south,east,north");
    }
    return box;
  }

  ViewportBox toBox() {
    return ViewportBox.of(west, south, east, north);
  }

  /** The parsed numbers, so "1" and "1.0" name the same box in a cursor or an ETag. */
  String canonical() {
    return west + "," + south + "," + east + "," + north;
  }
}
